package org.mergegate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.Deadline;
import org.mergegate.gitlab.Durations;
import org.mergegate.gitlab.GitLabHttp;
import picocli.CommandLine.Option;

/**
 * Which GitLab, which project, which token, and how long to wait: the options every command that
 * talks to GitLab shares ({@code check}, {@code break-glass}, {@code deploy}). Flags first, then
 * GitLab's CI variables.
 */
final class GitLabOptions {
  static final String DEFAULT_TIMEOUT = "5m";
  static final String DEFAULT_READ_TIMEOUT = "30s";
  static final String DEFAULT_RETRY_DELAY = "1s";

  @Option(
      names = "--gitlab-url",
      paramLabel = "URL",
      description =
          "GitLab's API root (default: $CI_API_V4_URL, else $MERGE_GATE_GITLAB_URL/api/v4).")
  String gitlabUrl;

  @Option(
      names = "--project",
      paramLabel = "ID|PATH",
      description = "Project id or full path (default: $CI_PROJECT_ID).")
  String project;

  @Option(
      names = "--token-file",
      paramLabel = "PATH",
      description =
          "File holding the GitLab access token (default: the token in $MERGE_GATE_TOKEN)."
              + " read_api suffices for check; writing notes, statuses and issues needs api.")
  Path tokenFile;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = DEFAULT_TIMEOUT,
      description =
          "Deadline for all GitLab requests of the run, e.g. 90s or 5m (default:"
              + " ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--http-read-timeout", hidden = true, defaultValue = DEFAULT_READ_TIMEOUT)
  String readTimeout;

  @Option(names = "--retry-delay", hidden = true, defaultValue = DEFAULT_RETRY_DELAY)
  String retryDelay;

  /** The options as picocli sets them when the command line gives none of them. */
  static GitLabOptions defaults() {
    GitLabOptions o = new GitLabOptions();
    o.timeout = DEFAULT_TIMEOUT;
    o.readTimeout = DEFAULT_READ_TIMEOUT;
    o.retryDelay = DEFAULT_RETRY_DELAY;
    return o;
  }

  /** Whether the command line set none of these options. */
  boolean areDefaults() {
    return gitlabUrl == null
        && project == null
        && tokenFile == null
        && DEFAULT_TIMEOUT.equals(timeout)
        && DEFAULT_READ_TIMEOUT.equals(readTimeout)
        && DEFAULT_RETRY_DELAY.equals(retryDelay);
  }

  /** GitLab's API root, ending in {@code /api/v4}. */
  String apiUrl(Map<String, String> env) {
    String url = gitlabUrl;
    if (url == null) {
      url = nonBlank(env.get("CI_API_V4_URL"));
    }
    if (url == null && nonBlank(env.get("MERGE_GATE_GITLAB_URL")) != null) {
      url = env.get("MERGE_GATE_GITLAB_URL");
    }
    if (url == null) {
      throw GateException.config(
          "no GitLab to ask: run in a GitLab CI job, or set MERGE_GATE_GITLAB_URL or --gitlab-url");
    }
    return apiRoot(url, "--gitlab-url");
  }

  /**
   * GitLab's API root for a server or API URL: {@code https://gitlab.example.org} and {@code
   * https://gitlab.example.org/api/v4/} both give {@code https://gitlab.example.org/api/v4}.
   *
   * @param name how the message names the setting that gave it
   */
  static String apiRoot(String url, String name) {
    String u = url.strip().replaceAll("/+$", "");
    if (!u.startsWith("https://") && !u.startsWith("http://")) {
      throw GateException.config(name + " must start with https:// (got " + u + ")");
    }
    return u.endsWith("/api/v4") ? u : u + "/api/v4";
  }

  /** The project's id or full path. */
  String project(Map<String, String> env, String command) {
    String proj = project != null ? project : nonBlank(env.get("CI_PROJECT_ID"));
    if (proj == null || proj.isBlank()) {
      throw GateException.config(
          "no project to " + command + ": pass --project or run in a CI job");
    }
    return proj.strip();
  }

  /** The token, from --token-file or MERGE_GATE_TOKEN; never from a flag, never printed. */
  String token(Map<String, String> env) {
    return Secrets.read(
        tokenFile,
        env,
        "MERGE_GATE_TOKEN",
        "GitLab token",
        "no GitLab token: set the CI/CD variable MERGE_GATE_TOKEN (masked; a project access"
            + " token with read_api, or api for --comment/--status, break-glass and deploy)"
            + " or pass --token-file");
  }

  /** The HTTP client for {@code apiUrl}, with the run's deadline; {@code debug} may be null. */
  GitLabHttp open(String apiUrl, String token, PrintWriter debug) {
    return new GitLabHttp(
        apiUrl, token, settings(), Deadline.in(duration("--timeout", timeout)), debug);
  }

  /** The same with up to {@code maxConcurrent} requests in flight (audit judges many commits). */
  GitLabHttp open(String apiUrl, String token, PrintWriter debug, int maxConcurrent) {
    return new GitLabHttp(
        apiUrl,
        token,
        settings().withMaxConcurrent(maxConcurrent),
        Deadline.in(duration("--timeout", timeout)),
        debug);
  }

  /** A client speaking as the running CI job ({@code CI_JOB_TOKEN}), same timeouts and retries. */
  GitLabHttp openAsJob(String apiUrl, String jobToken, PrintWriter debug) {
    return GitLabHttp.withJobToken(
        apiUrl, jobToken, settings(), Deadline.in(duration("--timeout", timeout)), debug);
  }

  private GitLabHttp.Settings settings() {
    return GitLabHttp.Settings.defaults()
        .withReadTimeout(duration("--http-read-timeout", readTimeout))
        .withFirstBackoff(duration("--retry-delay", retryDelay));
  }

  static Duration duration(String option, String text) {
    Duration d = Durations.parse(text);
    if (d == null || d.isZero()) {
      throw GateException.config(option + " must be a duration like 30s or 5m (got " + text + ")");
    }
    return d;
  }

  /** A flag's value when given, else the CI variable's; {@code null} when neither is set. */
  static String flagOrVariable(String flag, Map<String, String> env, String variable) {
    return flag != null && !flag.isBlank() ? flag.strip() : nonBlank(env.get(variable));
  }

  static String nonBlank(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
