package org.mergegate.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.policy.Verdict;
import org.mergegate.report.ConsoleReport;
import org.mergegate.report.JsonReport;
import org.mergegate.report.ReportWriter;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How {@code check} and {@code explain} show a verdict, and the exit code it stands for. */
final class VerdictOutput {
  @Option(
      names = "--json",
      description = "Print the verdict as JSON (merge-gate.json) instead of text.")
  boolean json;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description = "Also write merge-gate.json and junit.xml into DIR.")
  Path reportDir;

  /** Prints the verdict, writes the report files, and returns 0 when satisfied, else 1. */
  int emit(Verdict verdict, CommandLine commandLine) {
    if (json) {
      commandLine.getOut().println(JsonReport.render(verdict));
    } else {
      commandLine
          .getOut()
          .print(ConsoleReport.withColour(ConsoleReport.colourWanted()).render(verdict));
    }
    commandLine.getOut().flush();
    if (reportDir != null) {
      try {
        ReportWriter.write(verdict, reportDir);
      } catch (IOException e) {
        throw GateException.config("cannot write reports: " + e.getMessage());
      }
    }
    if (!verdict.satisfied()) {
      commandLine
          .getErr()
          .println(
              "merge-gate: not satisfied: "
                  + verdict.unmet().get(0).summary()
                  + (verdict.unmet().size() > 1
                      ? " (and " + (verdict.unmet().size() - 1) + " more unmet rules)"
                      : ""));
      return ExitCode.NOT_SATISFIED;
    }
    return ExitCode.OK;
  }
}
