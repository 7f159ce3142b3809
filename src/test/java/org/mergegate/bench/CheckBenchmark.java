package org.mergegate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.mergegate.gitlab.FakeGitLab;
import org.mergegate.gitlab.FakeGitLab.Approver;

/**
 * How fast {@code merge-gate check} feels, side by side with what it replaces: the seed's
 * python-gitlab proof of concept ({@code src/test/bench-python/seed_check.py}) and the {@code
 * merge-gate:check} job of {@code ci-templates/merge-gate.yml}, run against the same WireMock
 * GitLab answering every request after 50 ms. Runs alternate (python, job, python, job, ...) so a
 * machine loaded by other work slows both alike; the figures are medians.
 *
 * <p>The job runs exactly as the template has it ({@link TemplateJob}): download, checksum, the
 * template's JVM options and its class-data sharing archive. The archive is made as in CI: the
 * first job finds no cache, the second writes the archive in its after_script; both are reported,
 * and the measured runs start after them. Scenarios: 10, 950 and 2,500 changed files over HTTP, and
 * 10 over HTTPS with a self-signed certificate trusted next to the JDK's own (so loading the trust
 * store and the handshakes are in the figure). Each merge request is approved as its policy
 * requires, so both the script and the gate pass.
 *
 * <p>Run from the project root after {@code ./mvnw -B package -DskipTests}: {@code java -cp
 * target/test-classes:target/classes:$(cat target/cp.txt) org.mergegate.bench.CheckBenchmark}.
 * Properties: {@code -Druns=N} (default 7), {@code -Dpython=PATH} (default {@code
 * /usr/bin/python3}, Debian's python3-gitlab), {@code -Dscenarios=10,950,2500,https,offline}.
 */
public final class CheckBenchmark {
  static final int LATENCY_MS = 50;
  static final Path SEED = Path.of("src/test/bench-python/seed_check.py");

  private CheckBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "target/merge-gate.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run ./mvnw -B package -DskipTests");
    }
    int runs = Integer.getInteger("runs", 7);
    String python = System.getProperty("python", "/usr/bin/python3");
    List<String> scenarios =
        List.of(System.getProperty("scenarios", "10,950,2500,https,offline").split(","));
    Path work = Files.createTempDirectory("merge-gate-bench");
    System.out.printf(
        "GitLab latency %d ms/request; %d runs each, alternating; %s; load average %s%n",
        LATENCY_MS, runs, System.getProperty("java.vm.version"), loadAverage());
    Tls tls = scenarios.contains("https") ? Tls.create(work.resolve("tls")) : null;
    for (String scenario : scenarios) {
      if (scenario.equals("offline")) {
        offline(jar, runs);
        continue;
      }
      boolean https = scenario.equals("https");
      int files = https ? 10 : Integer.parseInt(scenario);
      try (FakeGitLab gitlab =
          https
              ? FakeGitLab.https(LATENCY_MS, tls.keystore(), Tls.PASSWORD)
              : new FakeGitLab(LATENCY_MS)) {
        scenario(gitlab, files);
        TemplateJob job = new TemplateJob(work.resolve("job-" + scenario), jar, gitlab);
        if (https) {
          job.env("CURL_CA_BUNDLE", tls.pemBundle().toString())
              .env("JDK_JAVA_OPTIONS", tls.javaOptions());
        }
        compare(scenario, files, https, gitlab, job, runs, python, tls, work);
      }
    }
    System.out.printf("load average at the end: %s%n", loadAverage());
  }

  private static void compare(
      String scenario,
      int files,
      boolean https,
      FakeGitLab gitlab,
      TemplateJob job,
      int runs,
      String python,
      Tls tls,
      Path work)
      throws Exception {
    String label = files + " files" + (https ? ", https" : "");
    TemplateJob.Run first = job.run();
    TemplateJob.Run second = job.run();
    require(first, "first job");
    require(second, "second job");
    System.out.printf(
        "%-16s first job (no cache yet): check %d ms; second job: check %d ms, then its"
            + " after_script writes the archive%n",
        label, first.checkMillis(), second.checkMillis());
    List<Long> pythonMs = new ArrayList<>();
    List<Long> checkMs = new ArrayList<>();
    List<Long> jobMs = new ArrayList<>();
    List<Double> heap = new ArrayList<>();
    int pythonRequests = 0;
    int checkRequests = 0;
    Path gcDir = Files.createDirectories(work.resolve("gc-" + scenario));
    String jdkOptions = https ? tls.javaOptions() + " " : "";
    job.env("JDK_JAVA_OPTIONS", jdkOptions + "-Xlog:gc,gc+heap+exit:file=" + gcDir + "/gc-%p.log");
    for (int run = 0; run < runs; run++) {
      int before = gitlab.requestCount();
      long start = System.nanoTime();
      int pythonExit = seed(python, gitlab, https ? tls : null);
      pythonMs.add((System.nanoTime() - start) / 1_000_000);
      pythonRequests = gitlab.requestCount() - before;
      if (pythonExit != 0) {
        throw new IllegalStateException("the seed script failed (exit " + pythonExit + ")");
      }
      before = gitlab.requestCount();
      TemplateJob.Run measured = job.run();
      require(measured, "job");
      if (!measured.javaToolOptions().contains("-XX:SharedArchiveFile=")) {
        throw new IllegalStateException("the job did not use its archive: " + measured.output());
      }
      checkRequests = gitlab.requestCount() - before - 1; // less the jar's download
      checkMs.add(measured.checkMillis());
      jobMs.add(measured.jobMillis());
      heap.add(peakHeapMiB(gcDir));
    }
    long py = median(pythonMs);
    long check = median(checkMs);
    System.out.printf(
        "%-16s seed script %4d ms (%d requests) | check %4d ms (%d requests, peak heap %.0f MiB)"
            + " | ratio %.2f | whole job script %d ms%n",
        label,
        py,
        pythonRequests,
        check,
        checkRequests,
        Collections.max(heap),
        check / (double) py,
        median(jobMs));
  }

  /**
   * {@code owners}, {@code validate} and {@code explain} on the bundled example, as a laptop or the
   * validate job runs them: the template's JVM options, no class-data sharing archive.
   */
  private static void offline(Path jar, int runs) throws IOException, InterruptedException {
    String example = "examples/airflow-dags";
    String options = TemplateJob.javaToolOptions();
    Map<String, List<String>> commands = new java.util.LinkedHashMap<>();
    commands.put(
        "owners",
        List.of("owners", "--codeowners", example + "/CODEOWNERS", "dags/analytics/daily.py"));
    commands.put("validate", List.of("validate", "--repo", example));
    commands.put(
        "explain",
        List.of(
            "explain",
            "--repo",
            example,
            "--changed-files",
            example + "/sample-mr.txt",
            "--members",
            example + "/members.yml",
            "--author",
            "ana",
            "--approved-by",
            "arjun,pat,priya"));
    Map<String, List<Long>> times = new java.util.LinkedHashMap<>();
    for (int run = 0; run < runs; run++) {
      for (Map.Entry<String, List<String>> c : commands.entrySet()) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options.split("\\s+")));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(c.getValue());
        long start = System.nanoTime();
        Process p =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        int exit = p.waitFor();
        if (exit > 1) {
          throw new IllegalStateException(c.getKey() + " failed with exit " + exit);
        }
        times
            .computeIfAbsent(c.getKey(), k -> new ArrayList<>())
            .add((System.nanoTime() - start) / 1_000_000);
      }
    }
    System.out.printf(
        "%-16s [%s], no archive: %s%n",
        "offline",
        options,
        String.join(
            ", ",
            times.entrySet().stream()
                .map(e -> e.getKey() + " " + median(e.getValue()) + " ms")
                .toList()));
  }

  private static void require(TemplateJob.Run run, String what) {
    if (run.exitCode() != 0 || run.checkMillis() < 0) {
      throw new IllegalStateException(
          what + " failed (exit " + run.exitCode() + "):\n" + run.output());
    }
  }

  /** A merge request its policy is satisfied with, and what the seed script reads of it. */
  public static void scenario(FakeGitLab gitlab, int files) {
    List<String> paths =
        IntStream.rangeClosed(1, files)
            .mapToObj(
                i -> i == files * 24 / 25 ? "secure/keys.rb" : "src/module" + i + "/File.java")
            .toList();
    gitlab
        .basicMergeRequest(paths)
        .approvals(
            Approver.human("bob", "2024-05-03T11:00:00Z"),
            Approver.human("sec-lead", "2024-05-03T11:05:00Z"));
    gitlab.targetFile(".gitlab/merge-gate.yml", "approvals:\n  required: 1\n");
    gitlab.targetFile("CODEOWNERS", "* @bob\nsecure/ @sec-lead\n");
    gitlab.user("bob", "active").user("sec-lead", "active");
    gitlab.acceptWrites();
    gitlab.project();
    gitlab.approvalDiscussions("bob", "sec-lead");
  }

  private static int seed(String python, FakeGitLab gitlab, Tls tls)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(python, SEED.toString());
    Map<String, String> env = pb.environment();
    String api = gitlab.apiUrl();
    env.put("GITLAB_URL", api.substring(0, api.length() - "/api/v4".length()));
    env.put("GITLAB_TOKEN", "glpat-bench-token");
    env.put("CI_MERGE_REQUEST_PROJECT_PATH", FakeGitLab.PROJECT);
    env.put("CI_MERGE_REQUEST_IID", String.valueOf(FakeGitLab.MR));
    if (tls != null) {
      env.put("REQUESTS_CA_BUNDLE", tls.pemBundle().toString());
    }
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("the seed script did not finish within 60 s");
    }
    return p.exitValue();
  }

  static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0]
          + " "
          + parts[1]
          + " "
          + parts[2]
          + " on "
          + Runtime.getRuntime().availableProcessors()
          + " cores";
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static final Pattern GC = Pattern.compile("(\\d+)M->\\d+M");
  private static final Pattern EXIT_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  /**
   * The largest heap use of the JVMs that logged into {@code dir} (deleting their logs): the
   * occupancy before any collection, or at exit, summed over generations (the heap only grows
   * between collections, so these are its local maxima).
   */
  private static double peakHeapMiB(Path dir) throws IOException {
    double peak = 0;
    try (Stream<Path> logs = Files.list(dir)) {
      for (Path log : logs.toList()) {
        double usedAtExit = 0;
        for (String line : Files.readAllLines(log)) {
          Matcher gc = GC.matcher(line);
          if (gc.find()) {
            peak = Math.max(peak, Double.parseDouble(gc.group(1)));
          }
          Matcher exit = EXIT_USED.matcher(line);
          if (exit.find()) {
            usedAtExit += Double.parseDouble(exit.group(1)) / 1024.0;
          }
        }
        peak = Math.max(peak, usedAtExit);
        Files.delete(log);
      }
    }
    return peak;
  }

  /** A self-signed certificate for localhost, trusted alongside the JDK's and the system's CAs. */
  record Tls(Path keystore, Path truststore, Path pemBundle) {
    static final String PASSWORD = "changeit";

    String javaOptions() {
      return "-Djavax.net.ssl.trustStore="
          + truststore
          + " -Djavax.net.ssl.trustStorePassword="
          + PASSWORD;
    }

    static Tls create(Path dir) throws IOException, InterruptedException {
      Files.createDirectories(dir);
      Path keystore = dir.resolve("gitlab.p12");
      Path cert = dir.resolve("gitlab.pem");
      Path truststore = dir.resolve("truststore.jks");
      Path bundle = dir.resolve("ca-bundle.pem");
      keytool(
          "-genkeypair",
          "-alias",
          "gitlab",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-dname",
          "CN=localhost",
          "-ext",
          "SAN=dns:localhost,ip:127.0.0.1",
          "-validity",
          "2",
          "-keystore",
          keystore.toString(),
          "-storetype",
          "PKCS12",
          "-storepass",
          PASSWORD);
      keytool(
          "-exportcert",
          "-rfc",
          "-alias",
          "gitlab",
          "-keystore",
          keystore.toString(),
          "-storepass",
          PASSWORD,
          "-file",
          cert.toString());
      Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
      keytool(
          "-importkeystore",
          "-srckeystore",
          cacerts.toString(),
          "-srcstorepass",
          PASSWORD,
          "-destkeystore",
          truststore.toString(),
          "-deststoretype",
          "JKS", // the type of JDK 17's own cacerts, so loading it costs what it costs in CI
          "-deststorepass",
          PASSWORD,
          "-noprompt");
      keytool(
          "-importcert",
          "-noprompt",
          "-alias",
          "bench-gitlab",
          "-file",
          cert.toString(),
          "-keystore",
          truststore.toString(),
          "-storepass",
          PASSWORD);
      Path system = Path.of("/etc/ssl/certs/ca-certificates.crt");
      String pem = Files.exists(system) ? Files.readString(system) : "";
      Files.writeString(bundle, pem + Files.readString(cert), StandardCharsets.US_ASCII);
      return new Tls(keystore, truststore, bundle);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
      command.addAll(List.of(args));
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("keytool failed: " + String.join(" ", args));
      }
    }
  }
}
