package org.mergegate.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;

class RepoPathTest {
  @Test
  void acceptsPathsAsPeopleTypeThem() {
    assertThat(RepoPath.normalize("analytics/dags/x.py")).isEqualTo("analytics/dags/x.py");
    assertThat(RepoPath.normalize("./analytics/x.py")).isEqualTo("analytics/x.py");
    assertThat(RepoPath.normalize("/docs/index.md")).isEqualTo("docs/index.md");
    assertThat(RepoPath.normalize("a file with spaces.md")).isEqualTo("a file with spaces.md");
  }

  @Test
  void refusesPathsThatClimbOutOrHideBytes() {
    for (String bad :
        new String[] {"../etc/passwd", "docs/../../x", "a/./b", "", "/", "a//b", "a\0b"}) {
      assertThatThrownBy(() -> RepoPath.normalize(bad))
          .as(bad)
          .isInstanceOf(GateException.class)
          .satisfies(e -> assertThat(((GateException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
    }
  }

  @Test
  void messagesShowControlCharactersInsteadOfBreakingTheLine() {
    assertThatThrownBy(() -> RepoPath.normalize("x\n/../y"))
        .hasMessageContaining("'x\\n/../y'")
        .hasMessageNotContaining("\n");
  }
}
