package org.mergegate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhrasesTest {
  @Test
  void listsReadAsEnglish() {
    assertThat(Phrases.anyOf(List.of())).isEqualTo("nobody");
    assertThat(Phrases.anyOf(List.of("a"))).isEqualTo("@a");
    assertThat(Phrases.anyOf(List.of("a", "b"))).isEqualTo("@a or @b");
    assertThat(Phrases.allOf(List.of("a", "b", "c"))).isEqualTo("@a, @b and @c");
  }

  @Test
  void longListsAreCutShort() {
    assertThat(Phrases.anyOf(List.of("a", "b", "c", "d", "e", "f", "g")))
        .isEqualTo("@a, @b, @c, @d, @e or 2 others");
    assertThat(Phrases.allOf(List.of("a", "b", "c", "d", "e", "f")))
        .isEqualTo("@a, @b, @c, @d, @e and 1 other");
  }

  @Test
  void countsArePluralised() {
    assertThat(Phrases.stillNeeded(1, false)).isEqualTo("1 approval");
    assertThat(Phrases.stillNeeded(2, false)).isEqualTo("2 approvals");
    assertThat(Phrases.stillNeeded(1, true)).isEqualTo("1 more approval");
  }

  @Test
  void shortShaIsGitLabsEightCharacters() {
    assertThat(Phrases.shortSha("0123456789abcdef")).isEqualTo("01234567");
    assertThat(Phrases.shortSha(null)).isEqualTo("an unknown commit");
  }
}
