package org.mergegate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mergegate.policy.Verdicts.evaluate;
import static org.mergegate.policy.Verdicts.requiring;
import static org.mergegate.policy.Verdicts.withApprovals;

import org.junit.jupiter.api.Test;
import org.mergegate.review.Approval;

/** The global rule, with no CODEOWNERS file at all. */
class ApprovalsRuleTest {
  private static final Members NOBODY = Members.users();

  private static RuleResult approvals(Verdict verdict) {
    assertThat(verdict.rules()).hasSize(1);
    return verdict.rules().get(0);
  }

  @Test
  void oneApprovalFromSomeoneElseSatisfiesTheDefaults() {
    Verdict verdict = evaluate(null, Mr.by("ann").changes("a.txt").approvedBy("bob"), NOBODY);
    assertThat(verdict.satisfied()).isTrue();
    RuleResult rule = approvals(verdict);
    assertThat(rule.kind()).isEqualTo(RuleResult.Kind.APPROVALS);
    assertThat(rule.approvedBy()).containsExactly("bob");
    assertThat(rule.summary()).isEqualTo("approved by @bob (1 required)");
  }

  @Test
  void noApprovalsSaysWhatIsNeeded() {
    Verdict verdict = evaluate(null, Mr.by("ann").changes("a.txt"), NOBODY);
    assertThat(verdict.satisfied()).isFalse();
    assertThat(verdict.unmet()).hasSize(1);
    assertThat(approvals(verdict).missing()).isEqualTo(1);
    assertThat(approvals(verdict).summary())
        .isEqualTo("needs 1 approval from someone other than the author @ann");
  }

  @Test
  void authorsOwnApprovalNeverCounts() {
    Verdict verdict = evaluate(null, Mr.by("ann").changes("a.txt").approvedBy("ann"), NOBODY);
    assertThat(verdict.satisfied()).isFalse();
    assertThat(verdict.ignored())
        .containsExactly(new Verdict.IgnoredApproval("ann", "is the author"));
  }

  @Test
  void usernamesCompareCaseInsensitively() {
    Verdict verdict =
        evaluate(
            requiring(2),
            null,
            Mr.by("Ann").changes("a.txt").approvedBy("ANN", "Bob", "bob"),
            NOBODY);
    assertThat(verdict.satisfied()).isFalse();
    RuleResult rule = approvals(verdict);
    assertThat(rule.approvedBy()).containsExactly("bob");
    assertThat(rule.missing()).isEqualTo(1);
    assertThat(rule.summary())
        .isEqualTo(
            "needs 1 more approval from someone other than the author @ann"
                + " (approved so far by @bob)");
    assertThat(verdict.ignored())
        .extracting(Verdict.IgnoredApproval::username)
        .containsExactly("ann");
  }

  @Test
  void duplicateApprovalsByOneUserCountOnce() {
    Verdict verdict =
        evaluate(requiring(2), null, Mr.by("ann").changes("a").approvedBy("bob", "bob"), NOBODY);
    assertThat(verdict.satisfied()).isFalse();
    assertThat(approvals(verdict).approvedBy()).containsExactly("bob");
    assertThat(verdict.ignored()).isEmpty();
  }

  @Test
  void twoDistinctApproversMeetTwoRequired() {
    Verdict verdict =
        evaluate(requiring(2), null, Mr.by("ann").changes("a").approvedBy("carl", "bob"), NOBODY);
    assertThat(verdict.satisfied()).isTrue();
    assertThat(approvals(verdict).approvedBy()).containsExactly("bob", "carl");
    assertThat(approvals(verdict).summary()).isEqualTo("approved by @bob and @carl (2 required)");
  }

  @Test
  void botsNeverCountByDefault() {
    Mr mr =
        Mr.by("ann").changes("a").approval(new Approval("renovate-bot", Mr.minutes(1), true, true));
    Verdict verdict = evaluate(null, mr, NOBODY);
    assertThat(verdict.satisfied()).isFalse();
    assertThat(verdict.ignored())
        .containsExactly(
            new Verdict.IgnoredApproval("renovate-bot", "is a bot (count_bots is false)"));
  }

  @Test
  void botsCountWithCountBots() {
    Mr mr =
        Mr.by("ann").changes("a").approval(new Approval("renovate-bot", Mr.minutes(1), true, true));
    Verdict verdict =
        evaluate(withApprovals(new Policy.Approvals(1, true, true)), null, mr, NOBODY);
    assertThat(verdict.satisfied()).isTrue();
    assertThat(approvals(verdict).approvedBy()).containsExactly("renovate-bot");
    assertThat(verdict.ignored()).isEmpty();
  }

  @Test
  void blockedUsersNeverCount() {
    Mr mr =
        Mr.by("ann").changes("a").approval(new Approval("mallory", Mr.minutes(1), false, false));
    Verdict verdict = evaluate(null, mr, NOBODY);
    assertThat(verdict.satisfied()).isFalse();
    assertThat(verdict.ignored())
        .containsExactly(new Verdict.IgnoredApproval("mallory", "is blocked or deactivated"));
  }

  @Test
  void approvalResetByAPushIsIgnoredWithTheReason() {
    Mr mr =
        Mr.by("ann")
            .changes("a")
            .pushed("aaaaaaaa11111111", Mr.T0, "patch-1")
            .approvedBy("bob") // at T0 + 1 min
            .pushed("bbbbbbbb22222222", Mr.minutes(5), "patch-2");
    Verdict verdict = evaluate(null, mr, NOBODY);
    assertThat(verdict.satisfied()).isFalse();
    assertThat(verdict.ignored())
        .containsExactly(
            new Verdict.IgnoredApproval(
                "bob", "approved before the push of bbbbbbbb at 2024-05-01T10:05:00Z"));
  }

  @Test
  void resetOnPushFalseKeepsEarlierApprovals() {
    Mr mr =
        Mr.by("ann")
            .changes("a")
            .pushed("aaaaaaaa", Mr.T0, "patch-1")
            .approvedBy("bob")
            .pushed("bbbbbbbb", Mr.minutes(5), "patch-2");
    Verdict verdict =
        evaluate(withApprovals(new Policy.Approvals(1, false, false)), null, mr, NOBODY);
    assertThat(verdict.satisfied()).isTrue();
  }

  @Test
  void reApprovalAfterThePushCounts() {
    Mr mr =
        Mr.by("ann")
            .changes("a")
            .pushed("aaaaaaaa", Mr.T0, "patch-1")
            .approvedBy("bob")
            .pushed("bbbbbbbb", Mr.minutes(5), "patch-2")
            .approval(Approval.byHuman("bob", Mr.minutes(6)));
    Verdict verdict = evaluate(null, mr, NOBODY);
    assertThat(verdict.satisfied()).isTrue();
    assertThat(verdict.ignored()).isEmpty();
  }

  @Test
  void verdictCarriesAuthorHeadAndPathCount() {
    Verdict verdict =
        evaluate(null, Mr.by("ann").changes("a", "b").renames("c", "d").changes("a"), NOBODY);
    assertThat(verdict.author()).isEqualTo("ann");
    assertThat(verdict.headSha()).isEqualTo("head0123456789");
    assertThat(verdict.changedPaths()).isEqualTo(4);
  }
}
