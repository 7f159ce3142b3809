package org.mergegate.codeowners;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad input is reported, never thrown. */
class CodeOwnersRobustnessTest {
  @Test
  void aFileWithANulByteIsTreatedAsBinaryLikeGitLabDoes() {
    CodeOwners co = CodeOwners.parse("* @a\n*.rb @b\0\n");
    assertThat(co.sections()).isEmpty();
    assertThat(co.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(2));
    assertThat(co.match("x.rb")).isEmpty();
  }

  @Test
  void aFileOverTenMebibytesIsRefusedWithOneProblem() {
    String line = "/some/long/path/that/repeats/**/*.rb @owner\n";
    String huge = line.repeat(50 * 1024 * 1024 / line.length());
    CodeOwners co = CodeOwners.parse(huge);
    assertThat(co.sections()).isEmpty();
    assertThat(co.problems()).singleElement().satisfies(p -> assertThat(p.line()).isZero());
  }

  @Test
  void theLimitCountsUtf8Bytes() {
    String justUnder = "a @x\n" + "#" + "é".repeat((CodeOwners.MAX_BYTES - 10) / 2) + "\n";
    assertThat(CodeOwners.parse(justUnder).problems()).isEmpty();
    String justOver = "a @x\n" + "#" + "é".repeat(CodeOwners.MAX_BYTES / 2) + "\n";
    assertThat(CodeOwners.parse(justOver).problems()).hasSize(1);
  }

  @Test
  void veryLongLinesAreParsed() {
    String longPattern = "a/".repeat(500_000) + "*.rb";
    String owners = "@" + "g/".repeat(100_000) + "x " + "@".repeat(100_000);
    CodeOwners co = CodeOwners.parse(longPattern + " " + owners + "\n[" + "x".repeat(1_000_000));
    assertThat(co.sections()).hasSize(1);
    assertThat(co.problems()).extracting(CodeOwnersProblem::line).contains(2);
    assertThat(co.match("a/".repeat(500_000) + "b.rb")).hasSize(1);
  }

  @Test
  void binaryGarbageWithoutNulNeverThrows() {
    java.util.Random random = new java.util.Random(1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      sb.append((char) (1 + random.nextInt(0xFFFE)));
    }
    CodeOwners co = CodeOwners.parse(sb.toString());
    assertThat(co.problems()).isNotNull();
    assertThat(co.match("a/b")).isNotNull();
  }

  @Test
  void nullTextIsAProblemNotACrash() {
    CodeOwners co = CodeOwners.parse(null);
    assertThat(co.sections()).isEmpty();
    assertThat(co.problems()).hasSize(1);
  }

  @Test
  void oddPathsAreMatchedLiterally() {
    CodeOwners co = Owned.parse("* @all", "/docs/ @docs", "/secret/ @sec");
    // '..' is not resolved: "docs/../secret/x" is under docs/ as written, as GitLab would see it
    assertThat(Owned.implicit(co, "docs/../secret/x")).containsExactly("@docs");
    // a newline is an ordinary character of a file name
    assertThat(Owned.implicit(co, "secret/a\nb")).containsExactly("@sec");
    assertThat(Owned.implicit(co, "a\0b")).containsExactly("@all");
    assertThat(Owned.implicit(co, "")).containsExactly("@all");
    assertThat(co.match(null)).isEmpty();
  }
}
