package org.mergegate.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Writes one report file, with a failure message a person can act on. */
final class ReportFiles {
  private ReportFiles() {}

  static Path write(Path dir, String fileName, String content) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException("cannot create report directory " + dir + ": " + reason(e), e);
    }
    Path file = dir.resolve(fileName);
    try {
      return Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot write report file " + file + ": " + reason(e), e);
    }
  }

  /** The JDK's file exceptions carry only the path as their message; say what went wrong. */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file that is not a directory is in the way";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
