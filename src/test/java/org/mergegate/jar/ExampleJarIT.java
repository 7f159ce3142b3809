package org.mergegate.jar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.jar.JarRunner.Run;

/** The shaded jar on the bundled example, exactly as the README's quick start runs it. */
class ExampleJarIT {
  static final String EXAMPLE = "examples/airflow-dags";
  @TempDir Path tmp;

  static Run explain(String... extra) throws Exception {
    String[] base = {
      "explain",
      "--repo",
      EXAMPLE,
      "--changed-files",
      EXAMPLE + "/sample-mr.txt",
      "--members",
      EXAMPLE + "/members.yml",
      "--author",
      "ana"
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return JarRunner.run(args);
  }

  @Test
  void quickStartShowsTheSharedCodeRuleUnmetAndExitsOne() throws Exception {
    Run run = explain("--approved-by", "arjun,pat");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout().lines().findFirst().orElseThrow())
        .startsWith("merge-gate: NOT SATISFIED - 1 of 4 rules unmet")
        .contains("MR by @ana");
    assertThat(run.stdout())
        .contains("[ok]   CODEOWNERS [Analytics]")
        .containsPattern("\\[FAIL\\] CODEOWNERS \\[Shared code\\] +1/2 +approved by @pat")
        .contains("[opt]  CODEOWNERS [Documentation]");
    assertThat(run.lastErrLine())
        .startsWith("merge-gate: not satisfied: ")
        .contains("@pedro or @priya");
  }

  @Test
  void aSecondPlatformEngineerSatisfiesIt() throws Exception {
    Run run = explain("--approved-by", "arjun,pat,priya", "--report-dir", tmp.toString());

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(0);
    assertThat(run.stdout()).startsWith("merge-gate: SATISFIED");
    JsonNode json = new ObjectMapper().readTree(tmp.resolve("merge-gate.json").toFile());
    assertThat(json.get("satisfied").asBoolean()).isTrue();
    assertThat(Files.readString(tmp.resolve("junit.xml"))).contains("CODEOWNERS [Shared code]");
  }

  @Test
  void theAuthorsOwnApprovalNeverCounts() throws Exception {
    Run run = explain("--approved-by", "ana,pat,priya");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout())
        .containsPattern("\\[FAIL\\] CODEOWNERS \\[Analytics\\]")
        .contains("@ana: is the author");
  }

  @Test
  void ownersJsonHasTheDocumentedShape() throws Exception {
    Run run =
        JarRunner.run(
            "owners",
            "--codeowners",
            EXAMPLE + "/CODEOWNERS",
            "--json",
            "wmf_airflow_common/util.py",
            "docs/index.md",
            "README.txt");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(0);
    JsonNode expected =
        new ObjectMapper()
            .readTree(
                """
                {"paths": [
                  {"path": "wmf_airflow_common/util.py", "sections": [
                    {"name": "Shared code", "owners": ["@data-platform/platform-eng"], "approvals": 2, "optional": false}]},
                  {"path": "docs/index.md", "sections": [
                    {"name": "Documentation", "owners": ["@tech-writers"], "approvals": 1, "optional": true}]},
                  {"path": "README.txt", "sections": []}
                ]}
                """);
    assertThat(new ObjectMapper().readTree(run.stdout())).isEqualTo(expected);
  }

  @Test
  void validateAcceptsTheExampleAndNamesFileAndLineOfEachProblem() throws Exception {
    Run ok = JarRunner.run("validate", "--repo", EXAMPLE);
    assertThat(ok.exitCode()).as(ok.stderr()).isEqualTo(0);
    assertThat(ok.stdout()).startsWith("ok: ");

    Files.createDirectories(tmp.resolve(".gitlab"));
    Files.writeString(tmp.resolve(".gitlab/merge-gate.yml"), "approvals:\n  requried: 2\n");
    Files.writeString(tmp.resolve("CODEOWNERS"), "[Broken\n/docs/ @alice\n");
    Run bad = JarRunner.run("validate", "--repo", tmp.toString());

    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.stdout())
        .contains(tmp + "/.gitlab/merge-gate.yml:2: ")
        .contains("requried")
        .contains(tmp + "/CODEOWNERS:1: ");
    assertThat(bad.lastErrLine()).startsWith("merge-gate: ").contains("problem");
  }

  @Test
  void badInputIsOneLineAndExitTwoWithoutAStackTrace() throws Exception {
    Run climbing =
        JarRunner.run(
            Map.of(),
            "../../etc/passwd\n",
            "explain",
            "--repo",
            EXAMPLE,
            "--changed-files",
            "-",
            "--author",
            "ana");
    assertThat(climbing.exitCode()).isEqualTo(2);
    assertThat(climbing.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(climbing.lastErrLine())
        .contains("'../../etc/passwd'")
        .contains("relative to the repository root");

    Path binary = tmp.resolve("CODEOWNERS");
    Files.write(binary, new byte[] {'*', ' ', '@', 'a', (byte) 0xFF, (byte) 0xFE, '\n'});
    Run invalid = JarRunner.run("owners", "--codeowners", binary.toString(), "x");
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.lastErrLine())
        .isEqualTo(
            "merge-gate: CODEOWNERS file " + binary + " is not valid UTF-8: save it as UTF-8 text");

    Path huge = tmp.resolve("huge/CODEOWNERS");
    Files.createDirectories(huge.getParent());
    try (var out = Files.newBufferedWriter(huge)) {
      String line = "/some/rather/long/directory/name/for/padding/ @someone\n";
      for (long written = 0; written < 50L * 1024 * 1024; written += line.length()) {
        out.write(line);
      }
    }
    Run tooBig = JarRunner.run("validate", "--repo", huge.getParent().toString());
    assertThat(tooBig.exitCode()).isEqualTo(2);
    assertThat(tooBig.lastErrLine()).contains("over the 10 MiB limit");
    assertThat(tooBig.stderr()).doesNotContain("\tat ");

    Run flag = JarRunner.run("explain", "--no-such-flag");
    assertThat(flag.exitCode()).isEqualTo(2);
    assertThat(flag.lastErrLine()).contains("--no-such-flag");
  }

  /** A new user's first try: cd into the checkout and run the gate with no --repo at all. */
  @Test
  void validateWithoutRepoReadsTheCurrentDirectoryAndFailsOnABrokenPolicy() throws Exception {
    Path checkout = Files.createDirectories(tmp.toRealPath().resolve("checkout/.gitlab"));
    checkout = checkout.getParent();
    Files.writeString(
        checkout.resolve(".gitlab/merge-gate.yml"), "approvals:\n  required: [oops\n");
    Files.writeString(checkout.resolve("CODEOWNERS"), "* @alice\n");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), checkout);

    String[][] forms = {
      {"validate"},
      {"validate", "--repo", "."},
      {"validate", "--repo", "./"},
      {"validate", "--repo", "../checkout"},
      {"validate", "--repo", checkout.toString()},
      {"validate", "--repo", link.toString()},
    };
    for (String[] args : forms) {
      Run run = JarRunner.runIn(checkout, args);
      assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.stdout()).isEqualTo(2);
      assertThat(run.stdout()).contains(".gitlab/merge-gate.yml:3: invalid YAML");
      assertThat(run.lastErrLine()).contains("1 problem(s)");
    }

    Files.writeString(checkout.resolve(".gitlab/merge-gate.yml"), "approvals:\n  requried: 2\n");
    Run unknownKey = JarRunner.runIn(checkout, "validate");
    assertThat(unknownKey.exitCode()).isEqualTo(2);
    assertThat(unknownKey.stdout()).startsWith(".gitlab/merge-gate.yml:2: ").contains("requried");

    Files.delete(checkout.resolve(".gitlab/merge-gate.yml"));
    Run missing = JarRunner.runIn(checkout, "validate");
    assertThat(missing.exitCode()).as(missing.stderr()).isEqualTo(0);
    assertThat(missing.stdout())
        .isEqualTo(
            "ok: no .gitlab/merge-gate.yml in "
                + checkout
                + ", so the defaults apply (1 approval(s)); CODEOWNERS (1 sections, 1 entries)\n");
  }

  /** The issue's own case: in a plain directory whose policy asks for two approvals. */
  @Test
  void explainAndOwnersWithoutRepoUseTheCurrentDirectorysPolicyAndFiles() throws Exception {
    Path dir = tmp.toRealPath();
    Files.createDirectories(dir.resolve(".gitlab"));
    Files.writeString(dir.resolve(".gitlab/merge-gate.yml"), "approvals:\n  required: 2\n");
    Files.writeString(dir.resolve("CODEOWNERS"), "/src/ @acme/devs\n");
    Files.writeString(dir.resolve("ch.txt"), "src/app.py\n");
    Files.writeString(dir.resolve("members.yml"), "groups:\n  acme/devs: [y, z]\n");

    Run explain =
        JarRunner.runIn(
            dir,
            "explain",
            "--changed-files",
            "ch.txt",
            "--members",
            "members.yml",
            "--author",
            "x",
            "--approved-by",
            "y",
            "--report-dir",
            ".");

    assertThat(explain.exitCode()).as(explain.stderr()).isEqualTo(1);
    assertThat(explain.stdout())
        .startsWith("merge-gate: NOT SATISFIED")
        .containsPattern("\\[FAIL\\] approvals +1/2 +approved by @y");
    JsonNode report = new ObjectMapper().readTree(dir.resolve("merge-gate.json").toFile());
    assertThat(report.get("satisfied").asBoolean()).isFalse();

    Run owners = JarRunner.runIn(dir, "owners", "--codeowners", "CODEOWNERS", "src/app.py");
    assertThat(owners.exitCode()).as(owners.stderr()).isEqualTo(0);
    assertThat(owners.stdout()).contains("@acme/devs");
  }

  /** Inside a git checkout, explain with no --repo reads the policy at the base, not the disk. */
  @Test
  void explainWithoutRepoInAGitCheckoutReadsThePolicyAtTheBase() throws Exception {
    Path repo = tmp.toRealPath();
    git(repo, "init", "-q", "-b", "main");
    Files.createDirectories(repo.resolve(".gitlab"));
    Files.writeString(repo.resolve(".gitlab/merge-gate.yml"), "approvals:\n  required: 2\n");
    Files.writeString(repo.resolve("app.py"), "x = 1\n");
    git(repo, "add", "-A");
    git(repo, "-c", "user.name=Dev", "-c", "user.email=dev@example.org", "commit", "-qm", "base");
    git(repo, "checkout", "-q", "-b", "feature");
    // The branch weakens its own policy on disk; the base's rule still applies.
    Files.writeString(repo.resolve(".gitlab/merge-gate.yml"), "approvals:\n  required: 1\n");
    Files.writeString(repo.resolve("app.py"), "x = 2\n");
    git(
        repo,
        "-c",
        "user.name=Dev",
        "-c",
        "user.email=dev@example.org",
        "commit",
        "-qam",
        "weaken");

    Run run = JarRunner.runIn(repo, "explain", "--author", "x", "--approved-by", "y");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    assertThat(run.stdout()).containsPattern("\\[FAIL\\] approvals +1/2 +approved by @y");
  }

  private static void git(Path dir, String... args) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git"));
    command.addAll(java.util.List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
  }

  @Test
  void versionNamesTheCommit() throws Exception {
    Run run = JarRunner.run("--version");
    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.stdout()).containsPattern("^merge-gate \\S+ \\(commit [0-9a-f]{7}");
  }
}
