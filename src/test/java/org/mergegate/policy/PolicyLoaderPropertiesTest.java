package org.mergegate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PolicyLoaderPropertiesTest {
  private static final String VALID =
      """
      approvals:
        required: 2
        reset_on_push: true
      codeowners:
        path: CODEOWNERS
      break_glass:
        allowed: ["@sre", "@@maintainer"]
        labels: ["break-glass"]
      """;

  @Property(tries = 500)
  void anyTextYieldsAPolicyOrProblemsNeverBoth(@ForAll String text) {
    assertConsistent(PolicyLoader.load(text));
  }

  @Property(tries = 500)
  void mangledValidFilesYieldAPolicyOrProblems(@ForAll("mangled") String text) {
    assertConsistent(PolicyLoader.load(text));
  }

  @Provide
  Arbitrary<String> mangled() {
    Arbitrary<Integer> position = Arbitraries.integers().between(0, VALID.length());
    Arbitrary<String> insert =
        Arbitraries.of("\n", " ", "\t", ":", "- ", "&a ", "*a", "[", "{", "\"", "@", "---\n", "#");
    return Combinators.combine(position, insert)
        .as((at, what) -> VALID.substring(0, at) + what + VALID.substring(at));
  }

  private static void assertConsistent(PolicyLoader.Result result) {
    if (result.problems().isEmpty()) {
      assertThat(result.policy()).isNotNull();
    } else {
      assertThat(result.policy()).isNull();
      assertThat(result.problems())
          .allSatisfy(
              p -> {
                assertThat(p.line()).isPositive();
                assertThat(p.message()).isNotBlank().doesNotContain("\n");
              });
    }
  }
}
