package org.mergegate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the merge-gate jar. */
@Command(
    name = "merge-gate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Enforced peer review for GitLab Free: approvals and CODEOWNERS rules as a CI job.")
public final class Main {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
