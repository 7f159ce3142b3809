package org.mergegate.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.mergegate.exit.GateException;

/** Runs the {@code git} command line in one repository and returns what it printed. */
final class Git {
  private final Path dir;

  Git(Path dir) {
    this.dir = dir;
  }

  /** Output of a git command that must succeed; a failure is a usage error naming git's reason. */
  byte[] run(String... args) {
    Result r = tryRun(args);
    if (r.exitCode != 0) {
      throw GateException.config(
          "git " + String.join(" ", args) + " failed in " + dir + ": " + firstLine(r.stderr));
    }
    return r.stdout;
  }

  /** Output and exit code of a git command that may fail. */
  Result tryRun(String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.add("-c");
    command.add("core.quotepath=off");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
      process.getOutputStream().close();
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
      byte[] out = drain(process.getInputStream());
      int code = process.waitFor();
      return new Result(code, out, new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw GateException.config(
          "cannot run git in " + dir + ": " + e.getMessage() + "; is git installed?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GateException.config("interrupted while running git");
    }
  }

  private static byte[] drain(InputStream in) {
    try (in) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String firstLine(String text) {
    String t = text.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }

  /** What one git command printed and how it ended. */
  record Result(int exitCode, byte[] stdout, String stderr) {
    String text() {
      return new String(stdout, StandardCharsets.UTF_8).strip();
    }
  }
}
