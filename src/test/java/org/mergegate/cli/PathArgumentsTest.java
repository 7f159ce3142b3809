package org.mergegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.exit.ExitCode;
import org.mergegate.gitlab.FakeGitLab;
import org.mergegate.gitlab.FakeGitLab.Approver;

/**
 * Every path a person passes on the command line, in each form a shell gives it: absolute, relative
 * with {@code ..} (from this JVM's working directory, the project root), and through a symbolic
 * link. The forms relative to the process's own directory ({@code .}, {@code ./}, omitted) need a
 * process started there: {@code ExampleJarIT} runs the jar that way.
 */
class PathArgumentsTest {
  @TempDir Path tmp;
  Path checkout;
  String stdout;
  String stderr;

  @BeforeEach
  void plainCheckout() throws IOException {
    checkout = Files.createDirectory(tmp.toRealPath().resolve("checkout"));
    Files.createSymbolicLink(tmp.resolve("link"), checkout);
    Files.writeString(tmp.resolve("changed.txt"), "src/app.py\n");
  }

  /** The checkout as absolute, {@code ..}-relative and symlinked names. */
  Stream<String> checkoutForms() {
    return Stream.of(checkout.toString(), relative(checkout), tmp.resolve("link").toString());
  }

  /** How a shell user in the project root would reach {@code p}: {@code ../../tmp/...}. */
  static String relative(Path p) {
    String r = Path.of("").toAbsolutePath().relativize(p.toAbsolutePath()).toString();
    assertThat(r).startsWith("..");
    return r;
  }

  @Test
  void validateFindsABrokenPolicyAndAnUnknownKeyWhateverFormTheRepoHas() throws IOException {
    for (String repo : checkoutForms().toList()) {
      policy("approvals:\n  required: [oops\n");
      assertThat(run("validate", "--repo", repo)).as(repo).isEqualTo(ExitCode.CONFIG);
      assertThat(stdout).startsWith(repo + "/.gitlab/merge-gate.yml:").contains("invalid YAML");

      policy("approvals:\n  requried: 2\n");
      assertThat(run("validate", "--repo", repo)).as(repo).isEqualTo(ExitCode.CONFIG);
      assertThat(stdout).startsWith(repo + "/.gitlab/merge-gate.yml:2: ").contains("requried");
    }
  }

  @Test
  void validateSaysTheDefaultsApplyWhenThereIsNoPolicy() {
    for (String repo : checkoutForms().toList()) {
      assertThat(run("validate", "--repo", repo)).as(stderr).isEqualTo(ExitCode.OK);
      assertThat(stdout)
          .isEqualTo(
              "ok: no .gitlab/merge-gate.yml in "
                  + checkout
                  + ", so the defaults apply (1 approval(s)); no CODEOWNERS (only the approval"
                  + " count applies)\n");
    }
  }

  @Test
  void validateOfADirectoryThatIsNotThereFailsInsteadOfPassingOnDefaults() {
    String missing = relative(tmp.resolve("nowhere"));
    assertThat(run("validate", "--repo", missing)).isEqualTo(ExitCode.CONFIG);
    assertThat(lastErrLine())
        .isEqualTo(
            "merge-gate: " + missing + " does not exist: pass --repo with the checkout to read");
  }

  @Test
  void aStricterPolicyChangesExplainsVerdictWhateverFormTheRepoHas() throws IOException {
    String changed = relative(tmp.resolve("changed.txt"));
    for (String repo : checkoutForms().toList()) {
      String[] explain = {
        "explain", "--repo", repo, "--changed-files", changed, "--approved-by", "bob"
      };
      policy("approvals:\n  required: 1\n");
      assertThat(run(explain)).as(repo + ": " + stderr).isEqualTo(ExitCode.OK);

      policy("approvals:\n  required: 2\n");
      assertThat(run(explain)).as(repo).isEqualTo(ExitCode.NOT_SATISFIED);
      assertThat(stdout).contains("[FAIL] approvals  1/2");

      policy("approvals:\n  required: [oops\n");
      assertThat(run(explain)).as(repo).isEqualTo(ExitCode.CONFIG);
      assertThat(lastErrLine()).contains("invalid YAML");
    }
  }

  @Test
  void namedFilesAreReadRelativeToTheWorkingDirectoryAndThroughLinks() throws IOException {
    Files.writeString(checkout.resolve("CODEOWNERS"), "/src/ @acme/devs\n");
    Path members = Files.writeString(tmp.resolve("members.yml"), "groups:\n  acme/devs: [dev]\n");
    Path linkedMembers = Files.createSymbolicLink(tmp.resolve("members-link.yml"), members);

    assertThat(
            run(
                "explain",
                "--repo",
                relative(checkout),
                "--changed-files",
                relative(tmp.resolve("changed.txt")),
                "--members",
                relative(linkedMembers),
                "--approved-by",
                "dev",
                "--report-dir",
                relative(tmp.resolve("reports/here"))))
        .as(stderr)
        .isEqualTo(ExitCode.OK);
    assertThat(tmp.resolve("reports/here/merge-gate.json")).isRegularFile();
    assertThat(tmp.resolve("reports/here/junit.xml")).isRegularFile();

    assertThat(
            run(
                "owners",
                "--codeowners",
                relative(tmp.resolve("link/CODEOWNERS")),
                "--json",
                "src/app.py"))
        .isEqualTo(ExitCode.OK);
    assertThat(stdout).contains("\"owners\":[\"@acme/devs\"]");
  }

  @Test
  void aNamedFileThatIsADirectoryIsSaidSoNotCalledMissing() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("a-directory"));
    String d = relative(dir);
    String[][] commands = {
      {"owners", "--codeowners", d, "x"},
      {"explain", "--repo", checkout.toString(), "--changed-files", d},
      {
        "explain",
        "--repo",
        checkout.toString(),
        "--changed-files",
        relative(tmp.resolve("changed.txt")),
        "--members",
        d
      },
      {"check", "--gitlab-url", "http://127.0.0.1:9", "--project", "1", "--mr", "1"},
    };
    String[] names = {"CODEOWNERS file", "--changed-files", "members file", "GitLab token file"};
    for (int i = 0; i < commands.length; i++) {
      List<String> args = new ArrayList<>(List.of(commands[i]));
      if (args.get(0).equals("check")) {
        args.addAll(List.of("--token-file", d));
      }
      assertThat(run(args.toArray(String[]::new))).as(args.toString()).isEqualTo(ExitCode.CONFIG);
      assertThat(lastErrLine())
          .as(args.toString())
          .contains(names[i])
          .endsWith(d + " is a directory, not a file");
    }
  }

  @Test
  void aNamedFileThatIsMissingSaysSoWithTheNameAsTyped() {
    String gone = relative(tmp.resolve("gone.txt"));
    assertThat(run("owners", "--codeowners", gone, "x")).isEqualTo(ExitCode.CONFIG);
    assertThat(lastErrLine()).isEqualTo("merge-gate: CODEOWNERS file " + gone + " does not exist");
    assertThat(
            run("explain", "--repo", checkout.toString(), "--changed-files", gone, "--author", "a"))
        .isEqualTo(ExitCode.CONFIG);
    assertThat(lastErrLine()).isEqualTo("merge-gate: --changed-files " + gone + " does not exist");
  }

  @Test
  void aReportDirectoryBlockedByAFileIsAUsageErrorNamingIt() throws IOException {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x\n");
    int code =
        run(
            "explain",
            "--repo",
            checkout.toString(),
            "--changed-files",
            relative(tmp.resolve("changed.txt")),
            "--approved-by",
            "bob",
            "--report-dir",
            relative(file));
    assertThat(code).isEqualTo(ExitCode.CONFIG);
    assertThat(lastErrLine())
        .isEqualTo(
            "merge-gate: cannot write reports: cannot create report directory "
                + relative(file)
                + ": a file that is not a directory is in the way");
  }

  // --- token files and --output of the commands that talk to GitLab --------------------------

  private final FakeGitLab gitlab = new FakeGitLab();

  @AfterEach
  void stop() {
    gitlab.close();
  }

  @Test
  void aTokenFileAndReportDirGivenRelativeAreReadAndWrittenWhereTheUserMeant() throws IOException {
    Path token = Files.writeString(tmp.resolve("token"), "glpat-relative-1234\n");
    gitlab.basicMergeRequest(List.of("src/app.py")).approvals(Approver.human("bob", null));

    int code =
        run(
            "check",
            "--gitlab-url",
            gitlab.apiUrl(),
            "--project",
            FakeGitLab.PROJECT,
            "--mr",
            String.valueOf(FakeGitLab.MR),
            "--token-file",
            relative(token),
            "--report-dir",
            relative(tmp.resolve("merge-gate-report")),
            "--retry-delay",
            "10ms");

    assertThat(code).as(stderr).isEqualTo(ExitCode.OK);
    assertThat(gitlab.requests().get(0).getRequest().getHeader("PRIVATE-TOKEN"))
        .isEqualTo("glpat-relative-1234");
    assertThat(tmp.resolve("merge-gate-report/merge-gate.json")).isRegularFile();
    assertThat(stdout + stderr).doesNotContain("glpat-relative-1234");
  }

  @Test
  void anEmptyOrNonUtf8TokenFileIsRefusedWithoutShowingItsContent() throws IOException {
    Path token = Files.write(tmp.resolve("token"), new byte[] {'g', 'l', (byte) 0xFF, '\n'});
    assertThat(
            run(
                "check",
                "--gitlab-url",
                gitlab.apiUrl(),
                "--project",
                "1",
                "--mr",
                "1",
                "--token-file",
                relative(token)))
        .isEqualTo(ExitCode.CONFIG);
    assertThat(lastErrLine())
        .isEqualTo(
            "merge-gate: the GitLab token file "
                + relative(token)
                + " is not valid UTF-8: save it as UTF-8 text");
    assertThat(gitlab.requestCount()).isZero();
  }

  @Test
  void breakGlassWritesItsOutputWhereARelativeNamePoints() throws IOException {
    gitlab
        .mergeRequest("alice", "1")
        .targetFile(".gitlab/merge-gate.yml", "break_glass:\n  allowed: [\"@sre-sam\"]\n")
        .acceptRecords()
        .currentJob("sre-sam");
    Path output = tmp.resolve("artifacts/record.json");
    Files.createDirectories(output.getParent());

    GateRun run =
        GateRun.run(
            gitlab,
            tmp,
            Map.of(
                "GITLAB_USER_LOGIN", "sre-sam",
                "CI_JOB_TOKEN", FakeGitLab.JOB_TOKEN,
                "MERGE_GATE_REASON", "prod is down, shipping the fix for INC-1"),
            "break-glass",
            "--mr",
            "7",
            "--output",
            relative(output));

    assertThat(run.code).as(run.stderr).isEqualTo(ExitCode.OK);
    assertThat(Files.readString(output)).contains("\"user\" : \"sre-sam\"");
  }

  private void policy(String yaml) throws IOException {
    Files.createDirectories(checkout.resolve(".gitlab"));
    Files.writeString(checkout.resolve(".gitlab/merge-gate.yml"), yaml);
  }

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (all.get(0).equals("explain") && !all.contains("--author")) {
      all.addAll(List.of("--author", "alice"));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            all.toArray(String[]::new),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Map.of());
    stdout = out.toString();
    stderr = err.toString();
    return code;
  }

  private String lastErrLine() {
    List<String> lines = stderr.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }
}
