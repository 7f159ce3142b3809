package org.mergegate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mergegate.review.RepositoryFiles;

class PolicyFilesTest {
  /** Files of one revision, held in memory. */
  static final class Files implements RepositoryFiles {
    final Map<String, byte[]> content = new HashMap<>();

    Files with(String path, String text) {
      content.put(path, text.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    @Override
    public Optional<byte[]> read(String path) {
      return Optional.ofNullable(content.get(path));
    }

    @Override
    public String describe() {
      return "main@d5a3ff13";
    }
  }

  @Test
  void noFilesMeansDefaultsAndNoCodeowners() {
    PolicyFiles files = PolicyFiles.read(new Files()).requireValid();
    assertThat(files.policy()).isEqualTo(Policy.defaults());
    assertThat(files.codeOwners()).isNull();
  }

  @Test
  void codeownersIsFoundInGitLabsOrderAndTheFirstOneWins() {
    PolicyFiles files =
        PolicyFiles.read(
            new Files()
                .with("docs/CODEOWNERS", "* @docs\n")
                .with(".gitlab/CODEOWNERS", "* @gitlab\n"));
    assertThat(files.codeOwnersPath()).isEqualTo("docs/CODEOWNERS");
    assertThat(files.codeOwners().match("x").get(0).entry().owners().get(0).raw())
        .isEqualTo("@docs");
  }

  @Test
  void thePolicyCanNameItsCodeownersFile() {
    PolicyFiles files =
        PolicyFiles.read(
            new Files()
                .with(Policy.PATH, "codeowners:\n  path: owners/OWNERS\n")
                .with("CODEOWNERS", "* @root\n")
                .with("owners/OWNERS", "* @named\n"));
    assertThat(files.codeOwnersPath()).isEqualTo("owners/OWNERS");
  }

  @Test
  void aNamedCodeownersFileThatIsMissingIsAProblemNotASilentPass() {
    PolicyFiles files =
        PolicyFiles.read(new Files().with(Policy.PATH, "codeowners:\n  path: OWNERS\n"));
    assertThat(files.problems())
        .singleElement()
        .asString()
        .contains("OWNERS")
        .contains("does not exist");
    assertThatThrownBy(files::requireValid).hasMessageContaining("merge-gate validate");
  }

  @Test
  void anUnreadableFirstCodeownersIsNotSkippedInFavourOfTheNext() {
    Files files = new Files().with(".gitlab/CODEOWNERS", "* @lenient\n");
    files.content.put("CODEOWNERS", new byte[] {'*', ' ', (byte) 0xFF});
    PolicyFiles read = PolicyFiles.read(files);
    assertThat(read.codeOwnersPath()).isEqualTo("CODEOWNERS");
    assertThat(read.codeOwners()).isNull();
    assertThat(read.problems())
        .containsExactly("CODEOWNERS:1: CODEOWNERS is not valid UTF-8: save it as UTF-8 text");
  }

  @Test
  void everyProblemIsLocatedAndTheFirstIsInTheRefusal() {
    PolicyFiles files =
        PolicyFiles.read(
            new Files()
                .with(Policy.PATH, "approvals:\n  required: 0\n")
                .with("CODEOWNERS", "[Docs\n/docs/ @a\n"));
    assertThat(files.problems()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(files.problems().get(0)).startsWith(".gitlab/merge-gate.yml:2: ");
    assertThat(files.problems()).anyMatch(p -> p.startsWith("CODEOWNERS:1: "));
    assertThatThrownBy(files::requireValid)
        .hasMessageStartingWith(".gitlab/merge-gate.yml:2: ")
        .hasMessageContaining("(in main@d5a3ff13, and ")
        .hasMessageEndingWith(
            "more problems): fix it there; 'merge-gate validate' lists every problem");
  }
}
