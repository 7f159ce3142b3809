package org.mergegate.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mergegate.breakglass.BreakGlassRecord;
import org.mergegate.policy.Verdict;

/**
 * Writes the report files of {@code check --report-dir DIR} and {@code explain --report-dir DIR}:
 * {@value JsonReport#FILE_NAME} and {@value JunitReport#FILE_NAME}, creating {@code DIR}.
 */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * @return the files written, JSON first
   * @throws IOException whose message names the file or directory and the reason
   */
  public static List<Path> write(Verdict verdict, Path dir) throws IOException {
    return write(verdict, Optional.empty(), dir);
  }

  /** The same, recording in the JSON the break-glass record a failing check passed by. */
  public static List<Path> write(Verdict verdict, Optional<BreakGlassRecord> breakGlass, Path dir)
      throws IOException {
    return List.of(
        ReportFiles.write(dir, JsonReport.FILE_NAME, JsonReport.render(verdict, breakGlass)),
        ReportFiles.write(dir, JunitReport.FILE_NAME, JunitReport.render(verdict)));
  }
}
