package org.mergegate.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.FakeGitLab;
import org.mergegate.gitlab.GitLabHttp;
import org.mergegate.serve.AllowedProjects;
import org.mergegate.serve.ServeSettings;
import org.mergegate.serve.WebhookSecret;
import picocli.CommandLine;

/** {@code merge-gate serve}'s configuration: where secrets come from and what is refused. */
class ServeCommandTest {
  @TempDir Path tmp;

  private static ServeCommand parse(Map<String, String> env, String... args) {
    ServeCommand command = new ServeCommand(env);
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void secretsComeFromFilesBeforeTheEnvironment() throws Exception {
    Path token = tmp.resolve("token");
    Files.writeString(token, "glpat-from-file\n");
    ServeCommand command =
        parse(
            Map.of("MERGE_GATE_TOKEN", "glpat-from-env", "MERGE_GATE_WEBHOOK_SECRET", "s3cret"),
            "--token-file",
            token.toString());

    assertThat(
            command.secret(command.tokenFile, "MERGE_GATE_TOKEN", "GitLab token", "--token-file"))
        .isEqualTo("glpat-from-file");
    assertThat(
            command.secret(
                command.secretFile,
                "MERGE_GATE_WEBHOOK_SECRET",
                "webhook secret",
                "--webhook-secret-file"))
        .isEqualTo("s3cret");
  }

  @Test
  void aMissingSecretIsAConfigurationErrorNamingBothWaysToGiveIt() {
    ServeCommand command = parse(Map.of());

    assertThatThrownBy(
            () ->
                command.secret(
                    command.secretFile,
                    "MERGE_GATE_WEBHOOK_SECRET",
                    "webhook secret",
                    "--webhook-secret-file"))
        .isInstanceOf(GateException.class)
        .hasMessage(
            "no webhook secret: set MERGE_GATE_WEBHOOK_SECRET or pass --webhook-secret-file PATH")
        .extracting(e -> ((GateException) e).exitCode())
        .isEqualTo(ExitCode.CONFIG);
  }

  @Test
  void theSecretsHaveNoPlainFlag() {
    CommandLine cli = new CommandLine(new ServeCommand(Map.of()));
    assertThat(cli.getCommandSpec().optionsMap().keySet())
        .doesNotContain("--token", "--webhook-secret", "--secret");
  }

  @Test
  void theGitLabUrlGetsTheApiRootAppended() {
    assertThat(parse(Map.of("MERGE_GATE_GITLAB_URL", "https://gitlab.example.org/")).apiUrl())
        .isEqualTo("https://gitlab.example.org/api/v4");
    assertThatThrownBy(() -> parse(Map.of()).apiUrl())
        .hasMessageContaining("set MERGE_GATE_GITLAB_URL");
  }

  @Test
  void listenAddressesAndTuningAreChecked() {
    assertThat(ServeCommand.address("0.0.0.0:8080").getPort()).isEqualTo(8080);
    assertThat(ServeCommand.address(":9000").getPort()).isEqualTo(9000);
    assertThat(ServeCommand.address("[::1]:8080").getAddress().isLoopbackAddress()).isTrue();
    assertThatThrownBy(() -> ServeCommand.address("8080")).hasMessageContaining("--listen");
    assertThatThrownBy(() -> ServeCommand.address("host:http")).hasMessageContaining("--listen");

    ServeSettings s = parse(Map.of(), "--debounce", "2s", "--workers", "3").settings();
    assertThat(s.queue().debounce()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.queue().workers()).isEqualTo(3);
    assertThat(s.jobName()).isEqualTo("merge-gate:check");
    assertThatThrownBy(() -> parse(Map.of(), "--workers", "0").settings())
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> parse(Map.of(), "--drain-timeout", "soon").settings())
        .hasMessageContaining("--drain-timeout must be a duration");
  }

  @Test
  void theWaitForARunningCheckJobDefaultsToTenMinutesAndCanBeTuned() {
    ServeSettings defaults = parse(Map.of()).settings();
    assertThat(defaults.runningJob().firstPoll()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.runningJob().maxWait()).isEqualTo(Duration.ofMinutes(10));

    ServeSettings tuned =
        parse(Map.of(), "--running-job-poll", "200ms", "--running-job-max-wait", "30s").settings();
    assertThat(tuned.runningJob().firstPoll()).isEqualTo(Duration.ofMillis(200));
    assertThat(tuned.runningJob().maxWait()).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> parse(Map.of(), "--running-job-poll", "0s").settings())
        .hasMessageContaining("--running-job-poll must be a duration");
  }

  @Test
  void withoutAProjectListServeRefusesToStart() throws Exception {
    Path token = Files.writeString(tmp.resolve("token"), "glpat-x\n");
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        Main.run(
            new String[] {
              "serve",
              "--listen",
              "127.0.0.1:0",
              "--gitlab-url",
              "http://127.0.0.1:1",
              "--token-file",
              token.toString()
            },
            new java.io.PrintWriter(new java.io.StringWriter()),
            new java.io.PrintWriter(err));

    assertThat(code).isEqualTo(ExitCode.CONFIG);
    assertThat(err.toString().strip())
        .isEqualTo(
            "merge-gate: no project to serve: name each project whose webhook may use merge-gate"
                + " with --project ID_OR_PATH (repeatable) or"
                + " MERGE_GATE_PROJECTS=acme/payments,42");
  }

  @Test
  void eachProjectUsesItsOwnSecretFileOrTheSharedSecret() throws Exception {
    Path own = Files.writeString(tmp.resolve("hook-43"), "whsec-43\n");
    Map<String, WebhookSecret> secrets =
        parse(
                Map.of("MERGE_GATE_WEBHOOK_SECRET", "whsec-shared"),
                "--project",
                "acme/payments",
                "--project",
                "43=" + own)
            .projectSecrets();

    assertThat(secrets.keySet()).containsExactly("acme/payments", "43");
    assertThat(secrets.get("acme/payments").matches("whsec-shared")).isTrue();
    assertThat(secrets.get("43").matches("whsec-43")).isTrue();
    assertThat(secrets.get("43").matches("whsec-shared")).isFalse();
  }

  @Test
  void projectsCanComeFromTheEnvironmentAndNeedNoSharedSecretWhenEachHasItsOwn() throws Exception {
    Path own = Files.writeString(tmp.resolve("hook-42"), "whsec-42\n");

    Map<String, WebhookSecret> secrets =
        parse(Map.of("MERGE_GATE_PROJECTS", " 42=" + own + ", ")).projectSecrets();

    assertThat(secrets.keySet()).containsExactly("42");
    assertThatThrownBy(
            () -> parse(Map.of("MERGE_GATE_PROJECTS", "acme/payments, 42")).projectSecrets())
        .hasMessage(
            "no webhook secret: set MERGE_GATE_WEBHOOK_SECRET or pass --webhook-secret-file PATH");
    assertThatThrownBy(
            () ->
                parse(
                        Map.of("MERGE_GATE_WEBHOOK_SECRET", "s"),
                        "--project",
                        "42",
                        "--project",
                        "42")
                    .projectSecrets())
        .hasMessage("--project 42 is given twice; give it once");
  }

  @Test
  void projectPathsAreResolvedToIdsOnceAtStartUp() throws Exception {
    try (FakeGitLab gitlab = new FakeGitLab().project();
        GitLabHttp http = gitlab.client()) {
      gitlab
          .server()
          .stubFor(
              get(urlPathEqualTo("/api/v4/projects/acme%2Fpayments"))
                  .willReturn(FakeGitLab.json(FakeGitLab.fixture("project.json"))));
      gitlab
          .server()
          .stubFor(
              get(urlPathEqualTo("/api/v4/projects/acme%2Fsecret"))
                  .willReturn(FakeGitLab.error(404, "404 Project Not Found")));
      WebhookSecret secret = new WebhookSecret("whsec");

      AllowedProjects allowed =
          AllowedProjects.resolve(http, new LinkedHashMap<>(Map.of("acme/payments", secret)));

      assertThat(allowed.ids()).containsExactly(42L);
      assertThat(allowed.admit(42, "whsec")).isEqualTo(AllowedProjects.Admission.ALLOWED);
      assertThatThrownBy(() -> AllowedProjects.resolve(http, Map.of("acme/secret", secret)))
          .isInstanceOf(GateException.class)
          .hasMessageStartingWith("--project acme/secret: GitLab answers 404")
          .extracting(e -> ((GateException) e).exitCode())
          .isEqualTo(ExitCode.CONFIG);
      Map<String, WebhookSecret> twice = new LinkedHashMap<>();
      twice.put("acme/payments", secret);
      twice.put("42", new WebhookSecret("other"));
      assertThatThrownBy(() -> AllowedProjects.resolve(http, twice))
          .hasMessage("project 42 is listed twice with different webhook secrets; list it once");
    }
  }

  @Test
  void anEmptyTokenFileExitsTwoBeforeListening() throws Exception {
    Path empty = Files.writeString(tmp.resolve("token"), "\n");
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        Main.run(
            new String[] {
              "serve",
              "--listen",
              "127.0.0.1:0",
              "--gitlab-url",
              "http://127.0.0.1:1",
              "--token-file",
              empty.toString()
            },
            new java.io.PrintWriter(new java.io.StringWriter()),
            new java.io.PrintWriter(err));
    assertThat(code).isEqualTo(ExitCode.CONFIG);
    assertThat(err.toString().strip())
        .isEqualTo("merge-gate: the GitLab token file " + empty + " is empty");
  }
}
