package org.mergegate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.mergegate.gitlab.FakeGitLab;
import org.mergegate.gitlab.FakeGitLab.Approver;

/**
 * How fast {@code merge-gate check} feels: a local WireMock GitLab answering every request after 50
 * ms, and the shaded jar run as a subprocess (JVM start included) for a 10-file and a 2,500-file
 * MR. Prints wall time, request count and the subprocess's peak heap (from its GC log; it runs with
 * {@code -Xmx128m}, so it fails rather than exceed the target). Targets: 1.5 s, 3 s, 128 MiB.
 *
 * <p>Run after {@code ./mvnw -B package -DskipTests}: {@code java -cp
 * target/test-classes:target/classes:$(cat target/bench.cp) org.mergegate.bench.CheckBenchmark}
 * where {@code target/bench.cp} comes from {@code ./mvnw -q dependency:build-classpath
 * -Dmdep.outputFile=target/bench.cp}. Extra JVM options for the subprocess: {@code
 * MERGE_GATE_BENCH_JAVA_OPTS}.
 */
public final class CheckBenchmark {
  private static final int LATENCY_MS = 50;
  private static final int RUNS = 3;

  private CheckBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "target/merge-gate.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run ./mvnw -B package -DskipTests");
    }
    String javaOpts = System.getenv().getOrDefault("MERGE_GATE_BENCH_JAVA_OPTS", "");
    System.out.printf(
        "GitLab latency %d ms/request; subprocess JVM options: [%s]%n", LATENCY_MS, javaOpts);
    for (int files : new int[] {10, 2500}) {
      try (FakeGitLab gitlab = scenario(files)) {
        for (int run = 1; run <= RUNS; run++) {
          gitlab.server().resetRequests();
          long start = System.nanoTime();
          Path gcLog = Files.createTempFile("merge-gate-bench", ".gc.log");
          int exit = subprocess(jar, javaOpts, gitlab, gcLog);
          long wallMs = (System.nanoTime() - start) / 1_000_000;
          System.out.printf(
              "%5d files  run %d: wall %5d ms  requests %3d  exit %d  peak heap %.1f MiB%n",
              files, run, wallMs, gitlab.requestCount(), exit, peakHeapMiB(gcLog));
          Files.deleteIfExists(gcLog);
        }
      }
    }
  }

  private static FakeGitLab scenario(int files) {
    FakeGitLab gitlab = new FakeGitLab(LATENCY_MS);
    List<String> paths =
        IntStream.rangeClosed(1, files)
            .mapToObj(
                i -> i == files * 24 / 25 ? "secure/keys.rb" : "src/module" + i + "/File.java")
            .toList();
    gitlab.basicMergeRequest(paths).approvals(Approver.human("bob", "2024-05-03T11:00:00Z"));
    gitlab.targetFile(".gitlab/merge-gate.yml", "approvals:\n  required: 1\n");
    gitlab.targetFile("CODEOWNERS", "* @bob\nsecure/ @sec-lead\n");
    gitlab.user("bob", "active").user("sec-lead", "active");
    return gitlab;
  }

  private static List<String> checkArgs(FakeGitLab gitlab) {
    return List.of(
        "check", "--gitlab-url", gitlab.apiUrl(), "--project", FakeGitLab.PROJECT, "--mr", "7");
  }

  private static int subprocess(Path jar, String javaOpts, FakeGitLab gitlab, Path gcLog)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-Xlog:gc,gc+heap+exit:file=" + gcLog);
    for (String opt : javaOpts.split("\\s+")) {
      if (!opt.isBlank()) {
        command.add(opt);
      }
    }
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(checkArgs(gitlab));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("MERGE_GATE_TOKEN", "bench-token");
    pb.environment().remove("CI");
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return pb.start().waitFor();
  }

  private static final Pattern GC = Pattern.compile("(\\d+)M->\\d+M");
  private static final Pattern EXIT_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  /**
   * The child's peak heap use from its GC log: the largest heap occupancy before any collection, or
   * at exit (the heap only grows between collections, so these are its local maxima).
   */
  private static double peakHeapMiB(Path gcLog) throws IOException {
    double peak = 0;
    double usedAtExit = 0; // summed over generations (Serial GC prints young and old apart)
    for (String line : Files.readAllLines(gcLog)) {
      Matcher gc = GC.matcher(line);
      if (gc.find()) {
        peak = Math.max(peak, Double.parseDouble(gc.group(1)));
      }
      Matcher exit = EXIT_USED.matcher(line);
      if (exit.find()) {
        usedAtExit += Double.parseDouble(exit.group(1)) / 1024.0;
      }
    }
    return Math.max(peak, usedAtExit);
  }
}
