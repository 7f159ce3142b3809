package org.mergegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mergegate.exit.ExitCode;

/**
 * Main builds the model of the one subcommand a command line names; everything a person types must
 * behave as it did with the whole model.
 */
class MainDispatchTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
  }

  @Test
  void debugWorksBeforeAndAfterTheSubcommand() {
    assertThat(run("--debug", "check")).isEqualTo(ExitCode.CONFIG);
    assertThat(err.toString()).contains("GateException").contains("no GitLab to ask");
    err.getBuffer().setLength(0);
    assertThat(run("check", "--debug")).isEqualTo(ExitCode.CONFIG);
    assertThat(err.toString()).contains("GateException").contains("no GitLab to ask");
    err.getBuffer().setLength(0);
    assertThat(run("check")).isEqualTo(ExitCode.CONFIG);
    assertThat(err.toString()).doesNotContain("GateException").contains("no GitLab to ask");
  }

  @Test
  void everyCommandTheRootListsStartsOnTheFastPath() {
    java.util.Set<String> listed =
        new java.util.TreeSet<>(new picocli.CommandLine(new Main()).getSubcommands().keySet());
    listed.remove("help");
    assertThat(Main.modelledAlone()).containsExactlyInAnyOrderElementsOf(listed);
  }

  @Test
  void aMistypedCommandIsAUsageErrorThatNamesTheRealOne() {
    assertThat(run("chek")).isEqualTo(ExitCode.CONFIG);
    assertThat(err.toString()).contains("check");
  }

  @Test
  void rootHelpAndHelpOfACommandListWhatTheyAlwaysListed() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("check", "explain", "owners", "validate", "serve");
    out.getBuffer().setLength(0);
    assertThat(run("help", "owners")).isZero();
    assertThat(out.toString()).contains("--codeowners");
  }

  @Test
  void versionPrintsTheStampedVersionAsPicocliDid() {
    assertThat(run("--version")).isZero();
    String fast = out.toString();
    assertThat(fast).startsWith("merge-gate ").contains("(commit ");
    out.getBuffer().setLength(0);
    assertThat(run("--debug", "--version")).isZero();
    assertThat(out.toString()).isEqualTo(fast);
    out.getBuffer().setLength(0);
    assertThat(run("-V")).isZero();
    assertThat(out.toString()).isEqualTo(fast);
  }

  @Test
  void theGitLabUrlIsGuessedFromTheFlagThenTheCiVariables() {
    Map<String, String> ci = Map.of("CI_API_V4_URL", "https://ci.example/api/v4");
    assertThat(Main.gitlabUrlGuess(new String[] {"check", "--gitlab-url", "https://a"}, ci))
        .isEqualTo("https://a");
    assertThat(Main.gitlabUrlGuess(new String[] {"check", "--gitlab-url=https://b"}, ci))
        .isEqualTo("https://b");
    assertThat(Main.gitlabUrlGuess(new String[] {"check"}, ci))
        .isEqualTo("https://ci.example/api/v4");
    assertThat(
            Main.gitlabUrlGuess(
                new String[] {"check"}, Map.of("MERGE_GATE_GITLAB_URL", "https://laptop")))
        .isEqualTo("https://laptop");
    assertThat(Main.gitlabUrlGuess(new String[] {"check"}, Map.of())).isNull();
  }

  @Test
  void theSubcommandIsTheFirstWordAfterDebug() {
    assertThat(Main.subcommandOf(new String[] {"check", "--mr", "7"})).isEqualTo("check");
    assertThat(Main.subcommandOf(new String[] {"--debug", "deploy"})).isEqualTo("deploy");
    assertThat(Main.subcommandOf(new String[] {"--version"})).isNull();
    assertThat(Main.subcommandOf(new String[] {})).isNull();
  }
}
