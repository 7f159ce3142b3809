package org.mergegate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.Deadline;
import org.mergegate.gitlab.Durations;
import org.mergegate.gitlab.GitLabHttp;
import org.mergegate.serve.AllowedProjects;
import org.mergegate.serve.EventLog;
import org.mergegate.serve.ServeSettings;
import org.mergegate.serve.WebhookSecret;
import org.mergegate.serve.WebhookServer;
import org.mergegate.serve.WorkQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code merge-gate serve}: the webhook receiver that retries the check job when approvals change.
 * Wiring only: configuration here, everything else in {@code org.mergegate.serve}. Secrets come
 * from the environment or from files, never from flags, which any user can read in {@code ps}.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Receive GitLab merge request webhooks and retry the merge-gate check job when someone"
            + " approves or withdraws an approval.",
    footerHeading = "%nExample:%n",
    footer = {
      "  export MERGE_GATE_GITLAB_URL=https://gitlab.example.org",
      "  java -jar merge-gate.jar serve --listen 0.0.0.0:8080 \\",
      "    --project acme/payments --project 42=/run/secrets/hook-42 \\",
      "    --token-file /run/secrets/token --webhook-secret-file /run/secrets/webhook-secret",
      "",
      "Endpoints: POST /hooks/gitlab, GET /healthz, GET /metrics. Stops on SIGTERM after"
          + " draining queued work (--drain-timeout)."
    },
    usageHelpAutoWidth = true)
public final class ServeCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "0.0.0.0:8080",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--gitlab-url",
      paramLabel = "URL",
      description = "GitLab, e.g. https://gitlab.example.org (default: $MERGE_GATE_GITLAB_URL).")
  String gitlabUrl;

  @Option(
      names = "--gitlab-url-file",
      paramLabel = "PATH",
      description = "File holding the GitLab URL.")
  Path gitlabUrlFile;

  @Option(
      names = "--token-file",
      paramLabel = "PATH",
      description =
          "File holding the GitLab access token (default: $MERGE_GATE_TOKEN). It needs the api"
              + " scope and at least the Developer role to retry jobs and create pipelines.")
  Path tokenFile;

  @Option(
      names = "--webhook-secret-file",
      paramLabel = "PATH",
      description =
          "File holding the webhook's secret token (default: $MERGE_GATE_WEBHOOK_SECRET).")
  Path secretFile;

  @Option(
      names = "--project",
      paramLabel = "ID_OR_PATH[=SECRET_FILE]",
      description =
          "A project to act for (repeatable; default: $MERGE_GATE_PROJECTS, comma-separated): its"
              + " id or full path, e.g. 42 or acme/payments, optionally with =FILE, a file holding"
              + " that project's own webhook secret (otherwise the shared one). Deliveries for"
              + " other projects get 403. Required.")
  List<String> projects;

  @Option(
      names = "--job-name",
      paramLabel = "NAME",
      defaultValue = ServeSettings.DEFAULT_JOB,
      description = "The check job to retry (default: ${DEFAULT-VALUE}).")
  String jobName;

  @Option(
      names = "--debounce",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description =
          "Events for one merge request within this time cause one retry (default:"
              + " ${DEFAULT-VALUE}).")
  String debounce;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "4",
      description = "Merge requests handled at once (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--queue-capacity",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Merge requests that may wait; beyond it deliveries get 503 (default: ${DEFAULT-VALUE}).")
  int capacity;

  @Option(
      names = "--drain-timeout",
      paramLabel = "DURATION",
      defaultValue = "20s",
      description = "On SIGTERM, keep working off the queue this long (default: ${DEFAULT-VALUE}).")
  String drainTimeout;

  @Option(names = "--retry-delay", hidden = true, defaultValue = "2s")
  String retryDelay;

  @Option(names = "--max-attempts", hidden = true, defaultValue = "5")
  int maxAttempts;

  @Option(names = "--running-job-poll", hidden = true, defaultValue = "5s")
  String runningJobPoll;

  @Option(names = "--running-job-max-wait", hidden = true, defaultValue = "10m")
  String runningJobMaxWait;

  @Option(names = "--max-body-bytes", hidden = true, defaultValue = "1048576")
  int maxBodyBytes;

  private final Map<String, String> env;

  public ServeCommand() {
    this(System.getenv());
  }

  ServeCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    ServeSettings settings = settings();
    String apiUrl = apiUrl();
    String token = secret(tokenFile, "MERGE_GATE_TOKEN", "GitLab token", "--token-file");
    Map<String, WebhookSecret> secrets = projectSecrets();
    // Runs and probes each get their own deadline (GitLabHttp#withDeadline); this one is unused.
    try (GitLabHttp gitlab =
        new GitLabHttp(
            apiUrl,
            token,
            GitLabHttp.Settings.defaults(),
            Deadline.in(Duration.ofDays(36_500)),
            main != null && main.debug ? err : null)) {
      AllowedProjects allowed =
          AllowedProjects.resolve(gitlab.withDeadline(Deadline.in(Duration.ofMinutes(1))), secrets);
      WebhookServer server;
      try {
        server = WebhookServer.start(settings, allowed, gitlab, new EventLog(err));
      } catch (IOException e) {
        throw GateException.config(
            "cannot listen on " + listen + " (" + e.getMessage() + "); pick another --listen");
      }
      Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "merge-gate-shutdown"));
      server.awaitShutdown();
      return ExitCode.OK;
    }
  }

  /**
   * Each configured project (id or path, as given) and the secret its webhook sends: its own file
   * after {@code =}, else the shared secret. Serve acts for listed projects only and will not start
   * without one: a secret shared by many projects would otherwise let anyone who knows it act for
   * any project the token can reach.
   */
  Map<String, WebhookSecret> projectSecrets() {
    List<String> given = projects;
    if (given == null || given.isEmpty()) {
      String fromEnv = nonBlank(env.get("MERGE_GATE_PROJECTS"));
      given = fromEnv == null ? List.of() : List.of(fromEnv.split("[,\\s]+"));
    }
    Map<String, WebhookSecret> secrets = new LinkedHashMap<>();
    WebhookSecret shared = null;
    for (String entry : given) {
      String item = entry.strip();
      if (item.isEmpty()) {
        continue;
      }
      int eq = item.indexOf('=');
      String project = (eq < 0 ? item : item.substring(0, eq)).strip();
      if (project.isEmpty() || project.startsWith("/") || project.endsWith("/")) {
        throw GateException.config(
            "--project must be a project id or path like acme/payments (got " + project + ")");
      }
      WebhookSecret secret;
      if (eq >= 0) {
        Path file = Path.of(item.substring(eq + 1).strip());
        secret =
            new WebhookSecret(
                secret(file, "", "webhook secret of " + project, "--project " + project + "=FILE"));
      } else {
        if (shared == null) {
          shared =
              new WebhookSecret(
                  secret(
                      secretFile,
                      "MERGE_GATE_WEBHOOK_SECRET",
                      "webhook secret",
                      "--webhook-secret-file"));
        }
        secret = shared;
      }
      if (secrets.put(project, secret) != null) {
        throw GateException.config("--project " + project + " is given twice; give it once");
      }
    }
    if (secrets.isEmpty()) {
      throw GateException.config(
          "no project to serve: name each project whose webhook may use merge-gate with --project"
              + " ID_OR_PATH (repeatable) or MERGE_GATE_PROJECTS=acme/payments,42");
    }
    return secrets;
  }

  ServeSettings settings() {
    ServeSettings defaults = ServeSettings.defaults(address(listen));
    if (workers < 1 || capacity < 1 || maxAttempts < 1 || maxBodyBytes < 1) {
      throw GateException.config(
          "--workers, --queue-capacity, --max-attempts and --max-body-bytes must be positive");
    }
    WorkQueue.Settings q = defaults.queue();
    ServeSettings.RunningJobWait w = defaults.runningJob();
    return defaults
        .withRunningJobWait(
            new ServeSettings.RunningJobWait(
                duration("--running-job-poll", runningJobPoll, true),
                w.maxPoll(),
                duration("--running-job-max-wait", runningJobMaxWait, false),
                w.clockSkew()))
        .withJobName(jobName.strip())
        .withMaxBodyBytes(maxBodyBytes)
        .withDrainTimeout(duration("--drain-timeout", drainTimeout, true))
        .withQueue(
            new WorkQueue.Settings(
                duration("--debounce", debounce, false),
                capacity,
                workers,
                maxAttempts,
                duration("--retry-delay", retryDelay, true),
                q.maxBackoff()));
  }

  /** {@code HOST:PORT}, {@code :PORT} (all interfaces) or {@code [IPv6]:PORT}. */
  static InetSocketAddress address(String text) {
    int colon = text.lastIndexOf(':');
    String problem = "--listen must look like 0.0.0.0:8080 (got " + text + ")";
    if (colon < 0) {
      throw GateException.config(problem);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw GateException.config(problem);
    }
    if (port < 0 || port > 65535) {
      throw GateException.config(problem);
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  String apiUrl() {
    String url = gitlabUrl;
    if (url == null && gitlabUrlFile != null) {
      url = Secrets.readFile(gitlabUrlFile, "GitLab URL");
    }
    if (url == null) {
      url = nonBlank(env.get("MERGE_GATE_GITLAB_URL"));
    }
    if (url == null) {
      throw GateException.config(
          "no GitLab to talk to: set MERGE_GATE_GITLAB_URL, --gitlab-url or --gitlab-url-file");
    }
    return GitLabOptions.apiRoot(url, "the GitLab URL");
  }

  /** A secret from its file or its variable; never from a flag, never printed. */
  String secret(Path file, String variable, String what, String option) {
    return Secrets.read(
        file,
        env,
        variable,
        what,
        "no " + what + ": set " + variable + " or pass " + option + " PATH");
  }

  private static Duration duration(String option, String text, boolean positive) {
    Duration d = Durations.parse(text);
    if (d == null || (positive && d.isZero())) {
      throw GateException.config(
          option + " must be a duration like 5s or 500ms (got " + text + ")");
    }
    return d;
  }

  private static String nonBlank(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
