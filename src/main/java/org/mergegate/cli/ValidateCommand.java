package org.mergegate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mergegate.exit.ExitCode;
import org.mergegate.local.DirectoryFiles;
import org.mergegate.policy.Policy;
import org.mergegate.policy.PolicyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code merge-gate validate}: lint the policy and CODEOWNERS of a checkout. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Lint .gitlab/merge-gate.yml and CODEOWNERS as they are on disk in DIR.",
      "Prints file:line: message for each problem and exits 2 when there is any."
    },
    footerHeading = "%nExample:%n",
    footer = {"  merge-gate validate --repo examples/airflow-dags"})
final class ValidateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The repository checkout to lint (default: the current directory).")
  Path repo;

  @Override
  public Integer call() {
    PolicyFiles files = PolicyFiles.read(DirectoryFiles.open(repo));
    PrintWriter out = spec.commandLine().getOut();
    // Problems are named as the user would open them from where they typed the command.
    String prefix = repo.normalize().toString().isEmpty() ? "" : repo + "/";
    for (String problem : files.problems()) {
      out.println(prefix + problem);
    }
    if (!files.problems().isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "merge-gate: "
                  + files.problems().size()
                  + " problem(s) in "
                  + repo
                  + ": fix each file:line above; the gate refuses to run on an invalid policy");
      return ExitCode.CONFIG;
    }
    String codeOwners =
        files.codeOwners() == null
            ? "no CODEOWNERS (only the approval count applies)"
            : files.codeOwnersPath()
                + " ("
                + files.codeOwners().sections().size()
                + " sections, "
                + files.codeOwners().sections().stream().mapToInt(s -> s.entries().size()).sum()
                + " entries)";
    String policy =
        files.policyFound()
            ? Policy.PATH + " requires " + files.policy().approvals().required() + " approval(s)"
            : "no "
                + Policy.PATH
                + " in "
                + files.source()
                + ", so the defaults apply ("
                + files.policy().approvals().required()
                + " approval(s))";
    out.println("ok: " + policy + "; " + codeOwners);
    return ExitCode.OK;
  }
}
