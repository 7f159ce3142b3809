package org.mergegate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mergegate.policy.Mr.minutes;
import static org.mergegate.policy.Verdicts.evaluate;
import static org.mergegate.policy.Verdicts.withApprovals;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mergegate.review.Approval;

/**
 * The "requested changes" rule: a reviewer's request blocks until that same reviewer approves
 * (GitLab Premium's rule). Every MR here has bob's approval, so the approvals rule is met and the
 * verdict turns on requested changes alone.
 */
class RequestedChangesRuleTest {
  private static final Members NOBODY = Members.users();
  private static final Instant ADDED = minutes(2);
  private static final Instant REQUEST = minutes(5);
  private static final Instant LATER = minutes(10);

  /** An MR by ann, approved by bob, with carol made a reviewer at {@link #ADDED}. */
  private static Mr carolReviews() {
    return Mr.by("ann").changes("a.txt").approvedBy("bob").reviewRequested(ADDED, "ann", "carol");
  }

  private static Verdict judge(Mr mr) {
    return evaluate(null, mr, NOBODY);
  }

  private static RuleResult requested(Verdict verdict) {
    return Verdicts.rule(verdict, RequestedChangesRule.NAME);
  }

  @Test
  void aStandingRequestBlocksAndSaysWhoAndWhatLiftsIt() {
    Verdict verdict =
        judge(
            carolReviews()
                .requestedChanges(REQUEST, "carol")
                .reviewer("carol", "requested_changes"));
    assertThat(verdict.satisfied()).isFalse();
    RuleResult rule = requested(verdict);
    assertThat(rule.kind()).isEqualTo(RuleResult.Kind.REQUESTED_CHANGES);
    assertThat(rule.met()).isFalse();
    assertThat(rule.eligible()).containsExactly("carol");
    assertThat(rule.summary())
        .isEqualTo(
            "@carol requested changes at 2024-05-01 10:05 UTC; only @carol's approval lifts it");
    assertThat(rule.changeRequests())
        .containsExactly(new RuleResult.ChangeRequest("carol", REQUEST, true, true));
    assertThat(verdict.rules().get(verdict.rules().size() - 1)).isEqualTo(rule);
  }

  @Test
  void nobodyRequestingChangesAddsNoRule() {
    Verdict verdict = judge(carolReviews().reviewer("carol", "reviewed"));
    assertThat(verdict.satisfied()).isTrue();
    assertThat(Verdicts.names(verdict)).containsExactly("approvals");
  }

  @Test
  void anotherUsersApprovalDoesNotLiftIt() {
    // bob approved after carol's request (the approval records and GitLab's note agree).
    Mr mr =
        Mr.by("ann")
            .changes("a.txt")
            .reviewRequested(ADDED, "ann", "carol")
            .requestedChanges(REQUEST, "carol")
            .approval(Approval.byHuman("bob", LATER))
            .approvedNote(LATER, "bob");
    Verdict verdict = judge(mr);
    assertThat(verdict.satisfied()).isFalse();
    assertThat(requested(verdict).eligible()).containsExactly("carol");
  }

  @Test
  void theReviewersOwnApprovalAfterTheRequestLiftsIt() {
    Mr mr =
        carolReviews()
            .requestedChanges(REQUEST, "carol")
            .approvedNote(LATER, "carol")
            .reviewer("carol", "approved");
    Verdict verdict = judge(mr);
    assertThat(verdict.satisfied()).isTrue();
    RuleResult rule = requested(verdict);
    assertThat(rule.met()).isTrue();
    assertThat(rule.approvedBy()).containsExactly("carol");
    assertThat(rule.summary()).isEqualTo("@carol requested changes, then approved");
    assertThat(rule.changeRequests())
        .containsExactly(new RuleResult.ChangeRequest("carol", REQUEST, false, true));
  }

  @Test
  void anApprovalRecordGivenAfterTheRequestLiftsItWithoutANote() {
    Mr mr =
        carolReviews()
            .requestedChanges(REQUEST, "carol")
            .approval(Approval.byHuman("carol", LATER));
    assertThat(judge(mr).satisfied()).isTrue();
  }

  @Test
  void approveThenRequestChangesBlocks() {
    // GitLab removes carol's approval when she requests changes; her earlier note lifts nothing.
    Mr mr =
        carolReviews()
            .approvedNote(minutes(3), "carol")
            .requestedChanges(REQUEST, "carol")
            .reviewer("carol", "requested_changes");
    assertThat(judge(mr).satisfied()).isFalse();
  }

  @Test
  void requestThenApproveThenUnapproveStaysLifted() {
    // As in Premium, approving deletes the request; withdrawing the approval does not restore it
    // (the approvals rule no longer counts carol, which is its own business).
    Mr mr =
        carolReviews()
            .requestedChanges(REQUEST, "carol")
            .approvedNote(LATER, "carol")
            .reviewer("carol", "unapproved");
    Verdict verdict = judge(mr);
    assertThat(requested(verdict).met()).isTrue();
  }

  @Test
  void removingTheReviewerDoesNotLiftIt() {
    Mr mr = carolReviews().requestedChanges(REQUEST, "carol").reviewRemoved(LATER, "ann", "carol");
    Verdict verdict = judge(mr);
    assertThat(verdict.satisfied()).isFalse();
    assertThat(requested(verdict).summary())
        .isEqualTo(
            "@carol requested changes at 2024-05-01 10:05 UTC and is no longer a reviewer; only"
                + " @carol's approval lifts it");
  }

  @Test
  void removedThenReAddedStillBlocksAndReRequestingAReviewLiftsNothing() {
    Mr mr =
        carolReviews()
            .requestedChanges(REQUEST, "carol")
            .reviewRemoved(minutes(6), "ann", "carol")
            .reviewRequested(minutes(7), "ann", "carol")
            .reviewer("carol", "unreviewed");
    assertThat(judge(mr).satisfied()).isFalse();
  }

  @Test
  void aNewPushDoesNotLiftIt() {
    Mr mr =
        carolReviews()
            .requestedChanges(REQUEST, "carol")
            .pushed("head0123456789", LATER, "p2")
            .approval(Approval.byHuman("bob", minutes(11)));
    assertThat(judge(mr).satisfied()).isFalse();
  }

  @Test
  void aRequestBySomeoneWhoWasNotAReviewerThenDoesNotBlock() {
    // dave was never a reviewer: GitLab wrote the note but changed no state.
    Mr mr = carolReviews().requestedChanges(REQUEST, "dave");
    Verdict verdict = judge(mr);
    assertThat(verdict.satisfied()).isTrue();
    assertThat(Verdicts.names(verdict)).containsExactly("approvals");
  }

  @Test
  void aRequestMadeBeforeBeingMadeAReviewerDoesNotBlock() {
    // GitLab created carol's reviewer record after her request: she was not a reviewer then.
    Mr mr =
        Mr.by("ann")
            .changes("a.txt")
            .approvedBy("bob")
            .requestedChanges(REQUEST, "carol")
            .reviewRequested(LATER, "ann", "carol")
            .reviewer("carol", "unreviewed", LATER);
    assertThat(judge(mr).satisfied()).isTrue();
  }

  @Test
  void aRequestBeforeAnAmbiguousReviewRequestBlocks() {
    // "requested review from @carol" is also what GitLab writes when it asks an existing reviewer
    // again; without her reviewer record's time the gate cannot tell which, so it blocks.
    Mr mr =
        Mr.by("ann")
            .changes("a.txt")
            .approvedBy("bob")
            .requestedChanges(REQUEST, "carol")
            .reviewRequested(LATER, "ann", "carol")
            .reviewer("carol", "unreviewed");
    assertThat(judge(mr).satisfied()).isFalse();
  }

  @Test
  void askingAReviewerFromTheStartToReviewAgainLiftsNothing() {
    // carol has been a reviewer since the MR was opened (her record predates the request); the
    // re-request note reads like an addition but changes nothing.
    Mr mr =
        Mr.by("ann")
            .changes("a.txt")
            .approvedBy("bob")
            .requestedChanges(REQUEST, "carol")
            .reviewRequested(LATER, "ann", "carol")
            .reviewer("carol", "unreviewed", minutes(0));
    assertThat(judge(mr).satisfied()).isFalse();
  }

  @Test
  void aReviewerRemovedAfterTheRequestAndAddedAgainStillBlocks() {
    // Her current record is newer than the request, but a removal in between shows an older one.
    Mr mr =
        carolReviews()
            .requestedChanges(REQUEST, "carol")
            .reviewRemoved(minutes(6), "ann", "carol")
            .reviewRequested(minutes(7), "ann", "carol")
            .reviewer("carol", "unreviewed", minutes(7));
    assertThat(judge(mr).satisfied()).isFalse();
  }

  @Test
  void aReviewerFromTheStartWithoutANoteIsInferredFromTheirLaterRemoval() {
    // carol was a reviewer when the MR was opened (no "requested review" note), then removed.
    Mr mr =
        Mr.by("ann")
            .changes("a.txt")
            .approvedBy("bob")
            .requestedChanges(REQUEST, "carol")
            .reviewRemoved(LATER, "ann", "carol");
    assertThat(judge(mr).satisfied()).isFalse();
  }

  @Test
  void aCurrentReviewerWithoutAnyNoteCountsAsAReviewerAllAlong() {
    Mr mr =
        Mr.by("ann")
            .changes("a.txt")
            .approvedBy("bob")
            .requestedChanges(REQUEST, "carol")
            .reviewer("carol", "reviewed");
    assertThat(judge(mr).satisfied()).isFalse();
  }

  @Test
  void theStateAloneBlocksWhenTheNotesCannotSayWhen() {
    Mr mr = Mr.by("ann").changes("a.txt").approvedBy("bob").reviewer("carol", "requested_changes");
    Verdict verdict = judge(mr);
    assertThat(verdict.satisfied()).isFalse();
    assertThat(requested(verdict).summary())
        .isEqualTo("@carol requested changes (time unknown); only @carol's approval" + " lifts it");
  }

  @Test
  void theStateBlocksEvenWhenTheNotesSayItWasLifted() {
    // The two GitLab sources disagree: fail closed.
    Mr mr =
        carolReviews()
            .requestedChanges(REQUEST, "carol")
            .approvedNote(LATER, "carol")
            .reviewer("carol", "requested_changes");
    assertThat(judge(mr).satisfied()).isFalse();
  }

  @Test
  void theAuthorsOwnRequestDoesNotBlock() {
    Mr mr =
        carolReviews()
            .reviewRequested(ADDED, "ann", "ann")
            .requestedChanges(REQUEST, "ann")
            .reviewer("Ann", "requested_changes");
    Verdict verdict = judge(mr);
    assertThat(verdict.satisfied()).isTrue();
    assertThat(Verdicts.names(verdict)).containsExactly("approvals");
  }

  @Test
  void botsAndBlockedUsersNeverBlock() {
    Mr mr =
        carolReviews()
            .reviewRequested(ADDED, "ann", "renovate-bot", "mallory")
            .requestedChanges(REQUEST, "renovate-bot")
            .requestedChanges(REQUEST, "mallory")
            .reviewer("renovate-bot", "requested_changes")
            .reviewer("mallory", "requested_changes")
            .bot("renovate-bot")
            .blocked("mallory");
    assertThat(judge(mr).satisfied()).isTrue();
  }

  @Test
  void usernamesCompareCaseInsensitively() {
    Mr mr =
        carolReviews()
            .requestedChanges(REQUEST, "Carol")
            .approvedNote(LATER, "CAROL")
            .reviewer("carol", "approved");
    assertThat(judge(mr).satisfied()).isTrue();
  }

  @Test
  void aReRequestAfterAnApprovalBlocksAgain() {
    Mr mr =
        carolReviews()
            .requestedChanges(REQUEST, "carol")
            .approvedNote(minutes(6), "carol")
            .requestedChanges(LATER, "carol")
            .reviewer("carol", "requested_changes");
    Verdict verdict = judge(mr);
    assertThat(verdict.satisfied()).isFalse();
    assertThat(requested(verdict).changeRequests())
        .containsExactly(new RuleResult.ChangeRequest("carol", LATER, true, true));
  }

  @Test
  void severalBlockersAreEachNamedWithWhatLiftsTheirs() {
    Mr mr =
        carolReviews()
            .reviewRequested(ADDED, "ann", "dave")
            .requestedChanges(REQUEST, "dave")
            .requestedChanges(LATER, "carol");
    RuleResult rule = requested(judge(mr));
    assertThat(rule.eligible()).containsExactly("carol", "dave");
    assertThat(rule.missing()).isEqualTo(2);
    assertThat(rule.summary())
        .isEqualTo(
            "@carol requested changes at 2024-05-01 10:10 UTC and is no longer a reviewer; only"
                + " @carol's approval lifts it; @dave requested changes at 2024-05-01 10:05 UTC"
                + " and is no longer a reviewer; only @dave's approval lifts it");
  }

  @Test
  void theRuleIsOffWithRequestedChangesBlockFalse() {
    Mr mr =
        carolReviews().requestedChanges(REQUEST, "carol").reviewer("carol", "requested_changes");
    Verdict verdict =
        evaluate(withApprovals(new Policy.Approvals(1, true, false, false)), null, mr, NOBODY);
    assertThat(verdict.satisfied()).isTrue();
    assertThat(Verdicts.names(verdict)).containsExactly("approvals");
  }

  // --- as of the merge (deploy) --------------------------------------------------------------

  @Test
  void asOfTheMergeARequestMadeAfterwardsDoesNotCount() {
    Mr mr =
        carolReviews()
            .requestedChanges(LATER, "carol")
            .reviewer("carol", "requested_changes")
            .asOf(REQUEST);
    assertThat(judge(mr).satisfied()).isTrue();
  }

  @Test
  void asOfTheMergeAnApprovalGivenAfterwardsDoesNotLiftIt() {
    Mr mr =
        carolReviews()
            .requestedChanges(REQUEST, "carol")
            .approvedNote(LATER, "carol")
            .approval(Approval.byHuman("carol", LATER))
            .reviewer("carol", "approved")
            .asOf(minutes(7));
    Verdict verdict = judge(mr);
    assertThat(verdict.satisfied()).isFalse();
    assertThat(requested(verdict).changeRequests())
        .containsExactly(new RuleResult.ChangeRequest("carol", REQUEST, true, true));
  }

  @Test
  void asOfTheMergeAStateNoNoteExplainsStillBlocks() {
    Mr mr =
        Mr.by("ann")
            .changes("a.txt")
            .approvedBy("bob")
            .reviewer("carol", "requested_changes")
            .asOf(REQUEST);
    assertThat(judge(mr).satisfied()).isFalse();
  }
}
