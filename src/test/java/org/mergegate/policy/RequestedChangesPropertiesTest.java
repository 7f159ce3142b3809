package org.mergegate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mergegate.review.Approval;

/**
 * Invariants of the requested-changes rule over any history of review notes and any current
 * reviewer states: only the requester's own approval lifts a request, and nothing else does.
 */
class RequestedChangesPropertiesTest {
  private static final String AUTHOR = "ann";
  private static final List<String> USERS = List.of("ann", "bob", "cat", "dan");
  private static final List<String> STATES =
      List.of("unreviewed", "reviewed", "requested_changes", "approved", "unapproved");

  /** One note: {kind, actor, subject}. */
  record Step(int kind, String actor, String subject) {}

  @Provide
  Arbitrary<List<Step>> history() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.integers().between(0, 3), Arbitraries.of(USERS), Arbitraries.of(USERS))
            .as(Step::new);
    return step.list().ofMaxSize(12);
  }

  /** Per user: a review state, then when their reviewer record was created (-1: unknown). */
  @Provide
  Arbitrary<List<String>> states() {
    Arbitrary<String> state =
        Combinators.combine(Arbitraries.of(STATES), Arbitraries.integers().between(-1, 13))
            .as((s, since) -> s + "@" + since);
    return state.list().ofSize(USERS.size());
  }

  private static Mr replay(List<Step> history, List<String> states) {
    Mr mr = Mr.by(AUTHOR).changes("a.txt");
    int minute = 1;
    for (Step s : history) {
      switch (s.kind()) {
        case 0 -> mr.reviewRequested(Mr.minutes(minute), AUTHOR, s.subject());
        case 1 -> mr.reviewRemoved(Mr.minutes(minute), AUTHOR, s.subject());
        case 2 -> mr.requestedChanges(Mr.minutes(minute), s.actor());
        default -> mr.approvedNote(Mr.minutes(minute), s.actor());
      }
      minute++;
    }
    for (int i = 0; i < USERS.size(); i++) {
      String[] state = states.get(i).split("@");
      int since = Integer.parseInt(state[1]);
      if (!state[0].equals("unreviewed")) {
        mr.reviewer(USERS.get(i), state[0], since < 0 ? null : Mr.minutes(since));
      }
    }
    return mr;
  }

  private static Set<String> blockers(Mr mr) {
    Verdict verdict = Verdicts.evaluate(null, mr, Members.users());
    return verdict.rules().stream()
        .filter(r -> r.kind() == RuleResult.Kind.REQUESTED_CHANGES)
        .findFirst()
        .map(r -> Set.copyOf(r.eligible()))
        .orElse(Set.of());
  }

  @Property(tries = 400)
  void nothingButTheirOwnApprovalLiftsARequest(
      @ForAll("history") List<Step> history,
      @ForAll("states") List<String> states,
      @ForAll("user") String actor,
      @ForAll("user") String subject) {
    Set<String> before = blockers(replay(history, states));
    // Another user's approval (note and record), a removal, a re-request: none lifts anyone.
    Mr approvedByActor =
        replay(history, states)
            .approvedNote(Mr.minutes(50), actor)
            .approval(Approval.byHuman(actor, Mr.minutes(50)));
    assertThat(blockers(approvedByActor)).containsAll(withoutUser(before, actor));
    assertThat(blockers(replay(history, states).reviewRemoved(Mr.minutes(50), AUTHOR, subject)))
        .containsAll(before);
    assertThat(blockers(replay(history, states).reviewRequested(Mr.minutes(50), AUTHOR, subject)))
        .containsAll(before);
  }

  @Property(tries = 400)
  void theAuthorNeverBlocksAndARequestingReviewerAlwaysDoes(
      @ForAll("history") List<Step> history, @ForAll("states") List<String> states) {
    Set<String> blockers = blockers(replay(history, states));
    assertThat(blockers).doesNotContain(AUTHOR);
    for (int i = 0; i < USERS.size(); i++) {
      if (!USERS.get(i).equals(AUTHOR) && states.get(i).startsWith("requested_changes@")) {
        assertThat(blockers).contains(USERS.get(i));
      }
    }
  }

  @Property(tries = 400)
  void anApprovalLiftsTheApproversOwnRequestUnlessTheirStateStillSaysOtherwise(
      @ForAll("history") List<Step> history,
      @ForAll("states") List<String> states,
      @ForAll("user") String user) {
    Mr mr = replay(history, states).approvedNote(Mr.minutes(50), user);
    boolean stateRequests = states.get(USERS.indexOf(user)).startsWith("requested_changes@");
    if (!stateRequests) {
      assertThat(blockers(mr)).doesNotContain(user);
    }
  }

  @Provide
  Arbitrary<String> user() {
    return Arbitraries.of(USERS);
  }

  private static Set<String> withoutUser(Set<String> users, String user) {
    return users.stream().filter(u -> !u.equals(user)).collect(java.util.stream.Collectors.toSet());
  }
}
