package org.mergegate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mergegate.policy.Verdicts.evaluate;
import static org.mergegate.policy.Verdicts.lines;
import static org.mergegate.policy.Verdicts.rule;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mergegate.codeowners.CodeOwners;
import org.mergegate.codeowners.Owner;
import org.mergegate.review.ChangedPath;

/** Which paths a change touches, and which owners an adapter must resolve for them. */
class OwnedPathsTest {
  private static final String SECRETS = lines("/secrets/ @sec", "*.md @docs");

  @Test
  void renameOutOfAnOwnedDirectoryStillNeedsItsOwners() {
    Mr mr = Mr.by("ann").renames("secrets/key.pem", "public/key.pem").approvedBy("bob");
    Verdict verdict = evaluate(SECRETS, mr, Members.users());
    RuleResult rule = rule(verdict, "codeowners");
    assertThat(rule.met()).isFalse();
    assertThat(rule.entries().get(0).paths()).containsExactly("secrets/key.pem");
    assertThat(verdict.changedPaths()).isEqualTo(2);
  }

  @Test
  void deletingAnOwnedFileNeedsItsOwners() {
    Mr mr = Mr.by("ann").deletes("secrets/old.pem").approvedBy("bob");
    Verdict verdict = evaluate(SECRETS, mr, Members.users());
    assertThat(verdict.satisfied()).isFalse();
    assertThat(rule(verdict, "codeowners").summary()).contains("@sec");
  }

  @Test
  void pathsAreGroupedByWinningEntryAndSorted() {
    Mr mr = Mr.by("ann").changes("secrets/b", "z.md", "secrets/a", "a.md", "plain.txt");
    RuleResult rule = rule(evaluate(SECRETS, mr, Members.users()), "codeowners");
    assertThat(rule.entries())
        .extracting(RuleResult.EntryResult::paths)
        .containsExactly(List.of("secrets/a", "secrets/b"), List.of("a.md", "z.md"));
  }

  @Test
  void ownersToResolveNamesOnlyWinningEntries() {
    CodeOwners codeOwners =
        CodeOwners.parse(
            lines("* @everyone", "/src/ @org/core @@maintainer", "[Docs]", "*.md @docs"));
    List<ChangedPath> changes = List.of(ChangedPath.modified("src/a.c"));
    assertThat(Evaluator.ownersToResolve(codeOwners, changes))
        .containsExactlyInAnyOrder(
            new Owner(Owner.Kind.GROUP, "org/core", "@org/core"),
            new Owner(Owner.Kind.ROLE, "maintainer", "@@maintainer"));
  }

  @Test
  void ownersToResolveCoversBothSidesOfARename() {
    CodeOwners codeOwners = CodeOwners.parse(lines("/a/ @alpha", "/b/ @beta", "/c/ @gamma"));
    List<ChangedPath> changes = List.of(new ChangedPath("a/x", "b/x", ChangedPath.Status.RENAMED));
    assertThat(Evaluator.ownersToResolve(codeOwners, changes))
        .extracting(Owner::name)
        .containsExactlyInAnyOrder("alpha", "beta");
  }

  @Test
  void ownersToResolveIsEmptyWithoutCodeOwners() {
    assertThat(Evaluator.ownersToResolve(null, List.of(ChangedPath.modified("a")))).isEmpty();
  }

  @Test
  void unownedChangesAddNoSectionRules() {
    Verdict verdict =
        evaluate(SECRETS, Mr.by("ann").changes("src/main.c").approvedBy("bob"), Members.users());
    assertThat(verdict.rules()).extracting(RuleResult::name).containsExactly("approvals");
    assertThat(verdict.satisfied()).isTrue();
  }

  @Test
  void exclusionTakesThePathOutOfItsSection() {
    String codeowners = lines("/secrets/ @sec", "!/secrets/README.md");
    Verdict verdict =
        evaluate(
            codeowners,
            Mr.by("ann").changes("secrets/README.md").approvedBy("bob"),
            Members.users());
    assertThat(verdict.satisfied()).isTrue();
    assertThat(verdict.rules()).hasSize(1);
  }
}
