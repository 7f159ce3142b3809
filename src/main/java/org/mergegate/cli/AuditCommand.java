package org.mergegate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mergegate.audit.AuditReport;
import org.mergegate.audit.CustodyAudit;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.GitLabHttp;
import org.mergegate.gitlab.ProjectInfo;
import org.mergegate.report.AuditCsv;
import org.mergegate.report.AuditHtml;
import org.mergegate.report.AuditJson;
import org.mergegate.report.AuditText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code merge-gate audit}: the chain of custody of a branch over a date range ({@link
 * CustodyAudit}), rendered as text, JSON, CSV or HTML. Read-only. Wiring only.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "How every first-parent commit that reached a branch in a date range (as GitLab's push"
            + " events say, not the commits' own dates) got there: which merge request and who"
            + " approved it, which break-glass, which direct push. Read-only.",
    footerHeading = "%nExample (a laptop; a read_api token in MERGE_GATE_TOKEN):%n",
    footer = {
      "  MERGE_GATE_GITLAB_URL=https://gitlab.example.org java -jar merge-gate.jar audit \\",
      "    --project data/airflow-dags --since 2024-05-01 --until 2024-06-01 --format json \\",
      "    --output audit.json",
      "",
      "Exit codes: 0 no violations; 1 violations found (not_approved, direct_push,"
          + " break_glass_open); 2 bad flags or configuration; 3 GitLab failed (never a shorter"
          + " report)."
    },
    usageHelpAutoWidth = true)
public final class AuditCommand implements Callable<Integer> {
  /** GitLab requests in flight at once: {@link CustodyAudit#PARALLEL} commits, a few each. */
  private static final int MAX_REQUESTS = 64;

  @ParentCommand Main main;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin GitLabOptions gitlab = new GitLabOptions();

  @Option(
      names = "--since",
      required = true,
      paramLabel = "DATE",
      description = "First instant included, ISO-8601: 2024-05-01 (UTC midnight) or a timestamp.")
  String since;

  @Option(
      names = "--until",
      paramLabel = "DATE",
      description = "First instant excluded, ISO-8601 (default: now).")
  String until;

  @Option(
      names = "--branch",
      paramLabel = "NAME",
      description = "The branch to audit (default: the project's default branch).")
  String branch;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, json, csv or html (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the report here instead of standard output.")
  Path output;

  @Option(
      names = "--json-output",
      paramLabel = "FILE",
      description =
          "Also write the JSON report to FILE, from the same run (the CI job keeps HTML and"
              + " JSON).")
  Path jsonOutput;

  private final Map<String, String> env;

  public AuditCommand() {
    this(System.getenv());
  }

  AuditCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant from = instant("--since", since);
    Instant to = until == null ? Instant.now() : instant("--until", until);
    if (!from.isBefore(to)) {
      throw GateException.config(
          "--since " + since + " is not before --until " + to + ": nothing to audit");
    }
    Renderer renderer = renderer(format);
    String apiUrl = gitlab.apiUrl(env);
    String project = gitlab.project(env, "audit");
    String token = gitlab.token(env);
    AuditReport report;
    try (GitLabHttp http =
        gitlab.open(
            apiUrl, token, this.main != null && this.main.debug ? err : null, MAX_REQUESTS)) {
      ProjectInfo info = ProjectInfo.read(http, project);
      String audited = branch != null && !branch.isBlank() ? branch.strip() : info.defaultBranch();
      report =
          new CustodyAudit(
                  http,
                  project,
                  CustodyAudit.PARALLEL,
                  line -> {
                    err.println("merge-gate: " + line);
                    err.flush();
                  })
              .run(info.path(), info.webUrl(), audited, from, to);
    }
    String rendered = renderer.render(report);
    if (jsonOutput != null) {
      write(jsonOutput, AuditJson.render(report));
    }
    if (output == null) {
      out.print(rendered);
      out.flush();
    } else {
      write(output, rendered);
      out.println(
          "merge-gate: wrote the audit of "
              + report.commitCount()
              + " commits to "
              + output
              + " ("
              + report.violationCount()
              + " violations)");
      out.flush();
    }
    if (report.violationCount() > 0) {
      throw GateException.refused(
          "the audit of "
              + report.branch()
              + " found "
              + report.violationCount()
              + (report.violationCount() == 1 ? " violation" : " violations")
              + " on "
              + report.violating().size()
              + " of "
              + report.commitCount()
              + " commits: each one above says who bypassed review and what closes it");
    }
    return ExitCode.OK;
  }

  /** How the report becomes text. */
  @FunctionalInterface
  interface Renderer {
    String render(AuditReport report);
  }

  /** The one place formats are chosen. */
  static Renderer renderer(String format) {
    return switch (format) {
      case "text" -> AuditText::render;
      case "json" -> AuditJson::render;
      case "csv" -> AuditCsv::render;
      case "html" -> AuditHtml::render;
      default ->
          throw GateException.config(
              "--format must be text, json, csv or html (got " + format + ")");
    };
  }

  /** An ISO-8601 date (UTC midnight), date-time with offset, or instant. */
  static Instant instant(String option, String text) {
    String t = text.strip();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw GateException.config(
          option
              + " must be an ISO-8601 date or timestamp, e.g. 2024-05-01 or"
              + " 2024-05-01T09:00:00Z (got "
              + text
              + ")");
    }
  }

  private static void write(Path file, String content) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw GateException.config(
          "cannot write "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "): choose another --output");
    }
  }
}
