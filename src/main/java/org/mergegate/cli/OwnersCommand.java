package org.mergegate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mergegate.codeowners.CodeOwners;
import org.mergegate.codeowners.Owner;
import org.mergegate.codeowners.SectionMatch;
import org.mergegate.exit.ExitCode;
import org.mergegate.review.RepoPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code merge-gate owners}: which CODEOWNERS sections and owners apply to each path. */
@Command(
    name = "owners",
    mixinStandardHelpOptions = true,
    description = "Show which CODEOWNERS sections and owners apply to each path.",
    footerHeading = "%nExample:%n",
    footer = {
      "  merge-gate owners --codeowners CODEOWNERS analytics/dags/x.py wmf_airflow_common/util.py",
      "  merge-gate owners --codeowners CODEOWNERS --json docs/index.md"
    })
final class OwnersCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--codeowners",
      required = true,
      paramLabel = "FILE",
      description = "The CODEOWNERS file to read.")
  Path codeOwnersFile;

  @Option(
      names = "--json",
      description = "Print JSON: {\"paths\": [{\"path\", \"sections\": [...]}]}.")
  boolean json;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "Repository-relative paths to look up.")
  List<String> paths;

  @Override
  public Integer call() throws JsonProcessingException {
    CodeOwnersFile file = CodeOwnersFile.read(codeOwnersFile);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(toJson(file.codeOwners()));
    } else {
      printText(file.codeOwners(), out);
    }
    return file.reportProblems(spec.commandLine().getErr()) ? ExitCode.CONFIG : ExitCode.OK;
  }

  private String toJson(CodeOwners codeOwners) throws JsonProcessingException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    ArrayNode list = root.putArray("paths");
    for (String path : paths) {
      ObjectNode entry = list.addObject();
      entry.put("path", path);
      ArrayNode sections = entry.putArray("sections");
      for (SectionMatch match : codeOwners.match(RepoPath.normalize(path))) {
        ObjectNode s = sections.addObject();
        s.put("name", match.section().name());
        ArrayNode owners = s.putArray("owners");
        match.entry().owners().forEach(o -> owners.add(o.raw()));
        s.put("approvals", match.section().approvalsRequired());
        s.put("optional", match.section().optional());
      }
    }
    return mapper.writeValueAsString(root);
  }

  private void printText(CodeOwners codeOwners, PrintWriter out) {
    for (String path : paths) {
      out.println(path);
      List<SectionMatch> matches = codeOwners.match(RepoPath.normalize(path));
      if (matches.isEmpty()) {
        out.println("  (no code owners)");
      }
      int width = matches.stream().mapToInt(m -> header(m).length()).max().orElse(0);
      for (SectionMatch m : matches) {
        List<String> owners = m.entry().owners().stream().map(Owner::raw).toList();
        String need =
            m.section().optional()
                ? "optional"
                : m.section().approvalsRequired()
                    + " approval"
                    + (m.section().approvalsRequired() == 1 ? "" : "s");
        out.printf(
            "  %-" + width + "s  %s  (%s, line %d: %s)%n",
            header(m),
            String.join(" ", owners),
            need,
            m.entry().line(),
            m.entry().pattern());
      }
    }
  }

  private static String header(SectionMatch m) {
    return (m.section().optional() ? "^" : "") + "[" + m.section().name() + "]";
  }
}
