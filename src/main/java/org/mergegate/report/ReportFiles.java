package org.mergegate.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mergegate.exit.IoReason;

/** Writes one report file, with a failure message a person can act on. */
final class ReportFiles {
  private ReportFiles() {}

  static Path write(Path dir, String fileName, String content) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException("cannot create report directory " + dir + ": " + IoReason.of(e), e);
    }
    Path file = dir.resolve(fileName);
    try {
      return Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot write report file " + file + ": " + IoReason.of(e), e);
    }
  }
}
