package org.mergegate.jar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the shaded jar in a child JVM, exactly as a user or CI job does. */
final class JarRunner {
  static final Path ROOT = Path.of(System.getProperty("mergegate.root", "."));
  static final Path JAR = Path.of(System.getProperty("mergegate.jar", "target/merge-gate.jar"));

  /** What one run printed and how it ended. */
  record Run(int exitCode, String stdout, String stderr) {
    String lastErrLine() {
      List<String> lines = stderr.strip().lines().toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
  }

  private JarRunner() {}

  static Run run(Map<String, String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    return runIn(ROOT, env, stdin, args);
  }

  /** Runs the jar with {@code dir} as its working directory, as a user who cd'ed there would. */
  static Run runIn(Path dir, String... args) throws IOException, InterruptedException {
    return runIn(dir, Map.of(), null, args);
  }

  private static Run runIn(Path dir, Map<String, String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().remove("CI");
    pb.environment().remove("MERGE_GATE_TOKEN");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("merge-gate did not finish within 60 s: " + String.join(" ", args));
    }
    return new Run(p.exitValue(), out, err.join());
  }

  static Run run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), null, args);
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
