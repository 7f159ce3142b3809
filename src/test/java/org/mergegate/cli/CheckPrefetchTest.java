package org.mergegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.exit.ExitCode;
import org.mergegate.gitlab.FakeGitLab;
import org.mergegate.gitlab.FakeGitLab.Approver;

/**
 * The template's {@code check} command line starts its first reads while picocli builds the
 * command; the verdict and the requests are the same as without, and reads started for anything but
 * what the command resolves are never used.
 */
class CheckPrefetchTest {
  private static final String TOKEN = "glpat-TOPSECRET-1234567890";
  private final FakeGitLab gitlab = new FakeGitLab();
  @TempDir Path tmp;
  private String stdout;

  @AfterEach
  void stop() {
    gitlab.close();
  }

  private Map<String, String> ci() {
    Map<String, String> env = new HashMap<>();
    env.put("CI_API_V4_URL", gitlab.apiUrl());
    env.put("CI_PROJECT_ID", FakeGitLab.PROJECT);
    env.put("CI_MERGE_REQUEST_IID", String.valueOf(FakeGitLab.MR));
    env.put("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main");
    env.put("MERGE_GATE_TOKEN", TOKEN);
    return env;
  }

  private int run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), env);
    stdout = out.toString();
    assertThat(stdout + err).doesNotContain(TOKEN);
    return code;
  }

  @Test
  void theTemplatesCommandLineReadsEachThingOnceAndJudgesAsBefore() throws IOException {
    gitlab.basicMergeRequest(List.of("src/pay.rb")).approvals(Approver.human("bob", null));
    String dir = tmp.resolve("reports").toString();

    int code = run(ci(), "check", "--report-dir", dir);

    assertThat(code).isEqualTo(ExitCode.OK);
    assertThat(stdout).startsWith("merge-gate: SATISFIED - all 1 rule met");
    // Started early and adopted: the MR was read once, not once by the early start and again.
    assertThat(gitlab.requests("GET", FakeGitLab.MR_PATH)).hasSize(1);
    int early = gitlab.requestCount();

    gitlab.server().resetRequests();
    assertThat(
            run(
                ci(),
                "check",
                "--project",
                FakeGitLab.PROJECT,
                "--mr",
                String.valueOf(FakeGitLab.MR),
                "--report-dir",
                dir))
        .isEqualTo(ExitCode.OK);
    assertThat(gitlab.requestCount()).isEqualTo(early);
  }

  @Test
  void onlyTheTemplatesFlagsCountAsPlain() {
    assertThat(CheckPrefetch.plain(new String[] {"check"})).isTrue();
    assertThat(
            CheckPrefetch.plain(
                new String[] {
                  "check", "--report-dir", "r", "--comment", "--status", "--job-url=https://j"
                }))
        .isTrue();
    assertThat(CheckPrefetch.plain(new String[] {"check", "--mr", "8"})).isFalse();
    assertThat(CheckPrefetch.plain(new String[] {"check", "--token-file", "t"})).isFalse();
    assertThat(CheckPrefetch.plain(new String[] {"check", "--timeout", "1s"})).isFalse();
    assertThat(CheckPrefetch.plain(new String[] {"check", "--debug"})).isFalse();
    assertThat(CheckPrefetch.plain(new String[] {"--debug", "check"})).isFalse();
    assertThat(CheckPrefetch.plain(new String[] {"check", "--report-dir"})).isFalse();
    assertThat(CheckPrefetch.plain(new String[] {"deploy"})).isFalse();
  }

  @Test
  void readsStartedForAnotherTargetOrTokenAreClosedNotUsed() {
    gitlab.basicMergeRequest(List.of("src/pay.rb")).approvals();
    CheckCommand.Target target = new CheckCommand.Target(gitlab.apiUrl(), FakeGitLab.PROJECT, 7);
    GitLabOptions defaults = GitLabOptions.defaults();

    CheckPrefetch other = CheckPrefetch.startIfPlain(new String[] {"check"}, ci());
    assertThat(
            other.adopt(
                new CheckCommand.Target(gitlab.apiUrl(), "43", 7), TOKEN, false, defaults, false))
        .isNull();
    CheckPrefetch token = CheckPrefetch.startIfPlain(new String[] {"check"}, ci());
    assertThat(token.adopt(target, "glpat-another", false, defaults, false)).isNull();
    CheckPrefetch comment = CheckPrefetch.startIfPlain(new String[] {"check"}, ci());
    assertThat(comment.adopt(target, TOKEN, true, defaults, false)).isNull();
    CheckPrefetch debug = CheckPrefetch.startIfPlain(new String[] {"check"}, ci());
    assertThat(debug.adopt(target, TOKEN, false, defaults, true)).isNull();
    GitLabOptions changed = GitLabOptions.defaults();
    changed.timeout = "1s";
    CheckPrefetch options = CheckPrefetch.startIfPlain(new String[] {"check"}, ci());
    assertThat(options.adopt(target, TOKEN, false, changed, false)).isNull();

    CheckPrefetch same = CheckPrefetch.startIfPlain(new String[] {"check"}, ci());
    CheckPrefetch.Started adopted = same.adopt(target, TOKEN, false, defaults, false);
    assertThat(adopted).isNotNull();
    adopted.http().close();
  }

  @Test
  void withoutAMergeRequestNothingIsStartedAndTheCommandSaysWhy() {
    Map<String, String> env = ci();
    env.remove("CI_MERGE_REQUEST_IID");
    CheckPrefetch started = CheckPrefetch.startIfPlain(new String[] {"check"}, env);
    assertThat(
            started.adopt(
                new CheckCommand.Target(gitlab.apiUrl(), FakeGitLab.PROJECT, 7),
                TOKEN,
                false,
                GitLabOptions.defaults(),
                false))
        .isNull();
    assertThat(run(env, "check")).isEqualTo(ExitCode.CONFIG);
    assertThat(gitlab.requestCount()).isZero();
  }
}
