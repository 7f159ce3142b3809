package org.mergegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mergegate.gitlab.FakeGitLab;

/**
 * Runs one merge-gate command against a fake GitLab with a given environment, as a CI job would.
 */
final class GateRun {
  static final String TOKEN = "glpat-TOPSECRET-1234567890";

  final int code;
  final String stdout;
  final String stderr;

  private GateRun(int code, String stdout, String stderr) {
    this.code = code;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** {@code merge-gate COMMAND --gitlab-url ... --project 42 --token-file ... ARGS}. */
  static GateRun run(
      FakeGitLab gitlab, Path tmp, Map<String, String> env, String command, String... args)
      throws IOException {
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    List<String> all =
        new ArrayList<>(
            List.of(
                command,
                "--gitlab-url",
                gitlab.apiUrl(),
                "--project",
                FakeGitLab.PROJECT,
                "--token-file",
                tokenFile.toString(),
                "--retry-delay",
                "10ms"));
    all.addAll(Arrays.asList(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), env);
    GateRun run = new GateRun(code, out.toString(), err.toString());
    assertThat(run.stdout + run.stderr).doesNotContain(TOKEN);
    return run;
  }

  String lastErrLine() {
    String[] lines = stderr.strip().split("\n");
    return lines[lines.length - 1];
  }

  String firstOutLine() {
    return stdout.split("\n")[0];
  }
}
