package org.mergegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.exit.ExitCode;

/** {@code explain} in a real git repository: the same engine, facts from git. */
class ExplainCommandTest {
  @TempDir Path repo;
  String stdout;
  String stderr;

  @BeforeEach
  void repositoryWithAnOwnedDirectory() throws Exception {
    git("init", "-q", "-b", "main");
    git("config", "user.email", "dev@example.org");
    git("config", "user.name", "Dev");
    write("CODEOWNERS", "[Payments][2] @acme/pay-team\n/payments/\n");
    write(".gitlab/merge-gate.yml", "approvals:\n  required: 1\n");
    write("payments/charge.py", "charge()\n");
    write("README.md", "hello\n");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    git("checkout", "-q", "-b", "feature");
  }

  @Test
  void theBranchIsJudgedByTheBasesCodeownersNotItsOwnEdit() throws Exception {
    write("payments/charge.py", "charge(twice=True)\n");
    write("CODEOWNERS", "# owners removed by the change itself\n");
    git("commit", "-q", "-am", "weaken and change");
    Path members = repo.resolve("members.yml");
    Files.writeString(members, "groups:\n  acme/pay-team: [pia, paul]\n");

    int code =
        explain("--members", members.toString(), "--author", "mallory", "--approved-by", "pia");

    assertThat(code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(stdout)
        .startsWith("merge-gate: NOT SATISFIED")
        .containsPattern("\\[FAIL\\] CODEOWNERS \\[Payments\\] +1/2 +approved by @pia");
    assertThat(stderr).contains("needs 1 more approval from @paul");
  }

  @Test
  void enoughOwnersSatisfyItAndJsonGoesToStdout() throws Exception {
    write("payments/charge.py", "charge(twice=True)\n");
    git("commit", "-q", "-am", "change");
    Path members = repo.resolve("members.yml");
    Files.writeString(members, "groups:\n  acme/pay-team: [pia, paul]\n");

    int code =
        explain(
            "--members",
            members.toString(),
            "--author",
            "mallory",
            "--approved-by",
            "pia,@Paul",
            "--json");

    assertThat(code).isEqualTo(ExitCode.OK);
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stdout);
    assertThat(json.get("satisfied").asBoolean()).isTrue();
    assertThat(json.get("rules").get(1).get("approved_by").toString())
        .isEqualTo("[\"paul\",\"pia\"]");
  }

  @Test
  void aSimulatedRequestForChangesBlocksUntilThatReviewerApproves() throws Exception {
    write("README.md", "hello again\n");
    git("commit", "-q", "-am", "docs");

    int code =
        explain("--author", "mallory", "--approved-by", "pia", "--requested-changes-by", "@carol");

    assertThat(code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(stdout).containsPattern("\\[FAIL\\] requested changes +0/1 +blocked by @carol");
    assertThat(stderr)
        .contains(
            "not satisfied: @carol requested changes (time unknown); only"
                + " @carol's approval lifts it");
    assertThat(explain("--author", "mallory", "--approved-by", "pia,carol")).isEqualTo(ExitCode.OK);
  }

  @Test
  void theAuthorsOwnRequestAndABotsDoNotBlock() throws Exception {
    write("README.md", "hello again\n");
    git("commit", "-q", "-am", "docs");
    Path members = repo.resolve("members.yml");
    Files.writeString(members, "bots: [renovate]\n");

    int code =
        explain(
            "--members",
            members.toString(),
            "--author",
            "mallory",
            "--approved-by",
            "pia",
            "--requested-changes-by",
            "mallory,renovate");

    assertThat(code).isEqualTo(ExitCode.OK);
  }

  @Test
  void approvedAndRequestingChangesAtOnceIsAUsageError() throws Exception {
    write("README.md", "hello again\n");
    git("commit", "-q", "-am", "docs");
    int code =
        explain("--author", "mallory", "--approved-by", "carol", "--requested-changes-by", "Carol");
    assertThat(code).isEqualTo(ExitCode.CONFIG);
    assertThat(stderr).contains("@Carol is in both --approved-by and --requested-changes-by");
  }

  @Test
  void withoutMembersAGroupOwnerCannotBeResolvedSoTheGateFailsClosed() throws Exception {
    write("payments/charge.py", "charge(twice=True)\n");
    git("commit", "-q", "-am", "change");

    int code = explain("--author", "mallory", "--approved-by", "pia,paul");

    assertThat(code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(stdout).contains("group @acme/pay-team is unknown offline").contains("--members");
  }

  @Test
  void aPlainDirectoryNeedsTheChangedFilesAndTakesNoBase() throws Exception {
    Path plain = Files.createDirectory(repo.resolve("plain"));
    assertThat(run("explain", "--repo", plain.toString(), "--author", "a"))
        .isEqualTo(ExitCode.CONFIG);
    assertThat(stderr).contains("pass --changed-files");
    assertThat(
            run(
                "explain",
                "--repo",
                plain.toString(),
                "--base",
                "main",
                "--author",
                "a",
                "--changed-files",
                "x"))
        .isEqualTo(ExitCode.CONFIG);
    assertThat(stderr).contains("--base cannot apply");
  }

  private int explain(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "explain";
    all[1] = "--repo";
    all[2] = repo.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return run(all);
  }

  private int run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
    stdout = out.toString();
    stderr = err.toString();
    return code;
  }

  private void write(String path, String content) throws IOException {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private void git(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
  }
}
