package org.mergegate.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mergegate.gitlab.FakeGitLab;

/**
 * The {@code merge-gate:check} job of {@code ci-templates/merge-gate.yml}, run the way a GitLab
 * runner runs it: the template's variables, its {@code before_script} and {@code script} in one
 * {@code sh}, then its {@code after_script} in another, in a job directory that stands for the
 * project directory with its cache restored (it persists between runs, as a cache that comes back
 * does). The jar is downloaded from the fake GitLab's package registry each time, as in CI.
 *
 * <p>Each {@code java} the scripts start is timed by a shell function wrapped around it, so the
 * check command's own wall time can be told apart from the download and the checksum.
 */
public final class TemplateJob {
  public static final Path TEMPLATE = Path.of("ci-templates/merge-gate.yml");
  static final String VERSION = "1.0.0";
  static final String PACKAGE_PROJECT = "data-platform/merge-gate";

  /** One run of the job. */
  public record Run(
      int exitCode,
      int afterScriptExitCode,
      String output,
      long jobMillis,
      Map<String, Long> javaMillis,
      String javaToolOptions) {
    /** The wall time of the {@code java ... check} command, or -1 when it did not run. */
    public long checkMillis() {
      return javaMillis.getOrDefault("check", -1L);
    }
  }

  private final Path dir;
  private final String jarSha256;
  private final FakeGitLab gitlab;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final JsonNode jobs;

  /**
   * @param dir the job's directory (created); what survives in it between runs is the cache
   */
  public TemplateJob(Path dir, Path jar, FakeGitLab gitlab) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.gitlab = gitlab;
    byte[] bytes = Files.readAllBytes(jar);
    this.jarSha256 = sha256(bytes);
    serveJar(bytes);
    this.jobs = parse(Files.readString(TEMPLATE), Map.of("jar_sha256", jarSha256));
    String java = Path.of(System.getProperty("java.home")).toString();
    env.put("PATH", java + "/bin:" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("JAVA_HOME", java);
    env.put("HOME", System.getProperty("user.home"));
    env.put("CI", "true");
    env.put("CI_API_V4_URL", gitlab.apiUrl());
    env.put("CI_PROJECT_ID", FakeGitLab.PROJECT);
    env.put("CI_PROJECT_DIR", this.dir.toString());
    env.put("CI_MERGE_REQUEST_IID", String.valueOf(FakeGitLab.MR));
    env.put("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main");
    env.put("CI_PIPELINE_SOURCE", "merge_request_event");
    env.put("CI_JOB_TOKEN", FakeGitLab.JOB_TOKEN);
    env.put("CI_JOB_URL", "https://gitlab.example.com/acme/payments/-/jobs/42001");
    env.put("CI_JOB_NAME_SLUG", "merge-gate-check");
    env.put("MERGE_GATE_TOKEN", "glpat-bench-token");
  }

  /**
   * What the package registry serves as the release's jar from now on (the job still expects the
   * real one's checksum).
   */
  public TemplateJob serveJar(byte[] bytes) {
    gitlab
        .server()
        .stubFor(
            get(urlPathMatching(".*/packages/generic/merge-gate/" + VERSION + "/merge-gate\\.jar"))
                .willReturn(aResponse().withBody(bytes)));
    return this;
  }

  /** Sets (or, with {@code null}, removes) a variable of the job's environment. */
  public TemplateJob env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  /** The JVM options the template gives every job ({@code JAVA_TOOL_OPTIONS}). */
  public static String javaToolOptions() throws IOException {
    return parse(Files.readString(TEMPLATE), Map.of("jar_sha256", "0".repeat(64)))
        .path(".merge-gate")
        .path("variables")
        .path("JAVA_TOOL_OPTIONS")
        .asText();
  }

  public String jarSha256() {
    return jarSha256;
  }

  public Path dir() {
    return dir;
  }

  /** The effective variables of the check job: {@code .merge-gate}'s, then the job's own. */
  public Map<String, String> variables() {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String job : List.of(".merge-gate", "merge-gate:check")) {
      jobs.path(job)
          .path("variables")
          .properties()
          .forEach(e -> vars.put(e.getKey(), e.getValue().asText()));
    }
    return vars;
  }

  /** Runs before_script and script, then after_script. */
  public Run run() throws IOException, InterruptedException {
    JsonNode base = jobs.path(".merge-gate");
    JsonNode check = jobs.path("merge-gate:check");
    String main = lines(base.path("before_script")) + "\n" + lines(check.path("script"));
    String after = lines(check.path("after_script"));
    Path times = Files.createTempFile("merge-gate-job", ".times");
    Path options = Files.createTempFile("merge-gate-job", ".opts");
    try {
      long start = System.nanoTime();
      Shell job = shell(main, times, options);
      long jobMillis = (System.nanoTime() - start) / 1_000_000;
      Shell afterJob = shell(after, Files.createTempFile("merge-gate-job", ".after"), options);
      Map<String, Long> javaMillis = new LinkedHashMap<>();
      for (String line : Files.readAllLines(times)) {
        String[] parts = line.split(" ");
        javaMillis.put(parts[0], Long.parseLong(parts[1]));
      }
      List<String> opts = Files.readAllLines(options);
      return new Run(
          job.exitCode,
          afterJob.exitCode,
          job.output + afterJob.output,
          jobMillis,
          javaMillis,
          opts.isEmpty() ? "" : opts.get(0));
    } finally {
      Files.deleteIfExists(times);
      Files.deleteIfExists(options);
    }
  }

  private record Shell(int exitCode, String output) {}

  /**
   * Runs {@code script} in {@code sh} with {@code java} wrapped: each call appends "COMMAND MILLIS"
   * to {@code times} and records the JVM options it ran with in {@code options}.
   */
  private Shell shell(String script, Path times, Path options)
      throws IOException, InterruptedException {
    String prelude =
        "java() {\n"
            + "  __start=$(date +%s%N); __rc=0\n"
            + "  command java \"$@\" || __rc=$?\n"
            + "  __end=$(date +%s%N)\n"
            + "  __what=\"$1\"; for __a in \"$@\"; do case \"$__a\" in check|--version) __what=\"$__a\"; break;; esac; done\n"
            + "  echo \"$__what $(( (__end - __start) / 1000000 ))\" >> '"
            + times
            + "'\n"
            + "  [ \"$__what\" != check ] || printf '%s\\n' \"${JAVA_TOOL_OPTIONS:-}\" > '"
            + options
            + "'\n"
            + "  return $__rc\n"
            + "}\n";
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", prelude + script)
            .directory(dir.toFile())
            .redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(variables());
    pb.environment().putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("the job script did not finish within 120 s");
    }
    return new Shell(p.exitValue(), output);
  }

  private static String lines(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.asText()));
    return String.join("\n", out);
  }

  private static final Pattern INPUT = Pattern.compile("\\$\\[\\[\\s*inputs\\.([a-z0-9_]+)\\s*]]");

  /** The template's jobs document with every {@code $[[ inputs.x ]]} replaced. */
  static JsonNode parse(String template, Map<String, String> given) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(template)) {
      it.forEachRemaining(docs::add);
    }
    Map<String, String> inputs = new LinkedHashMap<>();
    docs.get(0)
        .path("spec")
        .path("inputs")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().has("default")) {
                inputs.put(e.getKey(), e.getValue().get("default").asText());
              }
            });
    inputs.put("version", VERSION);
    inputs.put("project", PACKAGE_PROJECT);
    inputs.putAll(given);
    String jobs = template.substring(template.indexOf("\n---\n") + 5);
    Matcher m = INPUT.matcher(jobs);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = inputs.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("no value for input " + m.group(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return yaml.readTree(out.toString());
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
