package org.mergegate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

/** Security invariants that must hold for any change and any set of approvers. */
class EvaluatorPropertiesTest {
  private static final String CODEOWNERS =
      Verdicts.lines(
          "* @ann @bob",
          "/src/ @org/core",
          "[Docs][2]",
          "*.md @cat @dan @eve",
          "^[Style]",
          "*.css @fay",
          "[Ops] @@maintainer",
          "/deploy/");
  private static final Members MEMBERS =
      Members.users().group("org/core", "ann", "cat", "gus").role("maintainer", "bob", "ann");
  private static final List<String> USERS =
      List.of("ann", "bob", "cat", "dan", "eve", "fay", "gus");

  @Provide
  Arbitrary<String> path() {
    return Arbitraries.of(
        "README.md", "src/a.c", "src/b.md", "site.css", "deploy/prod.yml", "misc/x", "docs/y.md");
  }

  @Provide
  Arbitrary<String> user() {
    return Arbitraries.of(USERS);
  }

  private static Mr mr(String author, List<String> paths, List<String> approvers) {
    Mr mr = Mr.by(author).changes(paths.toArray(String[]::new));
    return mr.approvedBy(approvers.toArray(String[]::new));
  }

  @Property(tries = 300)
  void theAuthorsApprovalNeverChangesTheVerdict(
      @ForAll("user") String author,
      @ForAll @Size(min = 1, max = 4) List<@From("path") String> paths,
      @ForAll @UniqueElements @Size(max = 4) List<@From("user") String> others) {
    List<String> withoutAuthor = others.stream().filter(u -> !u.equals(author)).toList();
    Verdict without = Verdicts.evaluate(CODEOWNERS, mr(author, paths, withoutAuthor), MEMBERS);
    List<String> withAuthor = new ArrayList<>(withoutAuthor);
    withAuthor.add(author.toUpperCase(Locale.ROOT));
    Verdict with = Verdicts.evaluate(CODEOWNERS, mr(author, paths, withAuthor), MEMBERS);
    assertThat(with.satisfied()).isEqualTo(without.satisfied());
    assertThat(with.rules())
        .extracting(RuleResult::met)
        .isEqualTo(without.rules().stream().map(RuleResult::met).toList());
  }

  @Property(tries = 300)
  void anotherApprovalNeverUnmeetsARule(
      @ForAll("user") String author,
      @ForAll @Size(min = 1, max = 4) List<@From("path") String> paths,
      @ForAll @UniqueElements @Size(max = 4) List<@From("user") String> approvers,
      @ForAll("user") String extra) {
    Verdict before = Verdicts.evaluate(CODEOWNERS, mr(author, paths, approvers), MEMBERS);
    List<String> more = new ArrayList<>(approvers);
    more.add(extra);
    Verdict after = Verdicts.evaluate(CODEOWNERS, mr(author, paths, more), MEMBERS);
    for (int i = 0; i < before.rules().size(); i++) {
      if (before.rules().get(i).met()) {
        assertThat(after.rules().get(i).met()).isTrue();
      }
    }
    if (before.satisfied()) {
      assertThat(after.satisfied()).isTrue();
    }
  }

  @Property(tries = 300)
  void nothingIsSatisfiedWithoutApprovalsFromOthers(
      @ForAll("user") String author,
      @ForAll @Size(min = 1, max = 4) List<@From("path") String> paths) {
    Verdict verdict = Verdicts.evaluate(CODEOWNERS, mr(author, paths, List.of(author)), MEMBERS);
    assertThat(verdict.satisfied()).isFalse();
    for (RuleResult rule : verdict.rules()) {
      assertThat(rule.approvedBy()).isEmpty();
      assertThat(rule.eligible()).doesNotContain(author);
      for (RuleResult.EntryResult entry : rule.entries()) {
        assertThat(entry.eligible()).doesNotContain(author);
      }
    }
    assertThat(Set.copyOf(verdict.ignored()))
        .containsExactly(new Verdict.IgnoredApproval(author, "is the author"));
  }
}
