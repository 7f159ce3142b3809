package org.mergegate.policy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.mergegate.review.Approval;
import org.mergegate.review.ReviewEvent;
import org.mergegate.review.Reviewer;
import org.mergegate.review.Reviews;

/**
 * GitLab Premium's blocking review, for Free ({@code approvals.requested_changes_block}): a
 * reviewer's "Request changes" blocks the merge until that same reviewer approves.
 *
 * <p>A request stands when either source says so:
 *
 * <ul>
 *   <li>the reviewer's current state is {@code requested_changes} (whatever the notes say: GitLab
 *       moves the state to {@code approved} when they approve);
 *   <li>GitLab's system notes show a "requested changes" by someone who was a reviewer at that
 *       moment, and no approval by them after it. This is what keeps the request standing after the
 *       reviewer is removed, re-requested or pushed past.
 * </ul>
 *
 * Only the requester's own approval given after their latest request lifts it; a later unapproval
 * does not bring it back (as in Premium, where approving deletes the request). Another user's
 * approval, removing the reviewer, asking them to review again and new pushes lift nothing. A
 * "requested changes" note by someone who was not a reviewer at that moment does not block: GitLab
 * records such an attempt but changes no state, and anyone who can comment must not be able to
 * stall a merge. The author, bots and blocked users never block.
 *
 * <p>Whether someone was a reviewer at a moment: a current reviewer was one from the moment GitLab
 * created their reviewer record on (removal deletes it; asking them to review again keeps it), and
 * not just before it. Otherwise the "requested review from" and "removed review request for" notes
 * decide: the latest before the moment, else the first after it (a removal means they were a
 * reviewer). GitLab writes the same "requested review from" when it asks an existing reviewer to
 * review again, so a later one proves nothing: then they count as a reviewer (fail closed), as they
 * do when nothing else is known.
 */
final class RequestedChangesRule {
  static final String NAME = "requested changes";

  /** Requests named in a summary before the rest are counted. */
  static final int MAX_IN_SUMMARY = 3;

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private RequestedChangesRule() {}

  /**
   * The rule, or {@code null} when nobody (who counts) ever requested changes: like a CODEOWNERS
   * section that owns no changed path, a rule with nothing to judge is not listed.
   *
   * @param approvals the current approval records; one given after a request lifts it too
   */
  static RuleResult evaluate(Reviews reviews, List<Approval> approvals, String author) {
    List<RuleResult.ChangeRequest> requests = new ArrayList<>();
    for (String user : candidates(reviews, author)) {
      RuleResult.ChangeRequest request = judge(user, reviews, approvals);
      if (request != null) {
        requests.add(request);
      }
    }
    if (requests.isEmpty()) {
      return null;
    }
    List<RuleResult.ChangeRequest> standing =
        requests.stream().filter(RuleResult.ChangeRequest::standing).toList();
    List<String> blockers = standing.stream().map(RuleResult.ChangeRequest::username).toList();
    List<String> lifted =
        requests.stream()
            .filter(r -> !r.standing())
            .map(RuleResult.ChangeRequest::username)
            .toList();
    return new RuleResult(
        RuleResult.Kind.REQUESTED_CHANGES,
        NAME,
        standing.isEmpty(),
        false,
        requests.size(),
        lifted,
        standing.size(),
        blockers,
        List.of(),
        standing.isEmpty() ? liftedSummary(lifted) : standingSummary(standing),
        requests);
  }

  /** Everyone who might block: requesters in the notes and reviewers in that state now. */
  private static Set<String> candidates(Reviews reviews, String author) {
    Set<String> users = new TreeSet<>();
    for (ReviewEvent e : reviews.events()) {
      if (e.kind() == ReviewEvent.Kind.REQUESTED_CHANGES) {
        users.add(CountedApprovals.normalise(e.actor()));
      }
    }
    for (Reviewer r : reviews.current()) {
      if (r.requestsChanges()) {
        users.add(CountedApprovals.normalise(r.username()));
      }
    }
    users.remove("");
    users.remove(author);
    users.removeAll(reviews.bots());
    users.removeAll(reviews.inactive());
    return users;
  }

  /** The user's request, standing or lifted, or {@code null} when none counts. */
  private static RuleResult.ChangeRequest judge(
      String user, Reviews reviews, List<Approval> approvals) {
    List<ReviewEvent> events = reviews.events();
    Instant asOf = reviews.asOf();
    int lastValid = -1; // the latest request made while a reviewer, within asOf
    int lastAny = -1; // the latest request at all (it explains the current state)
    for (int i = 0; i < events.size(); i++) {
      ReviewEvent e = events.get(i);
      if (e.kind() == ReviewEvent.Kind.REQUESTED_CHANGES && isBy(e, user)) {
        lastAny = i;
        if (within(e.at(), asOf) && wasReviewer(user, i, reviews)) {
          lastValid = i;
        }
      }
    }
    boolean currentlyReviewer = reviews.current().stream().anyMatch(r -> isUser(r, user));
    boolean stateSays =
        reviews.current().stream().anyMatch(r -> isUser(r, user) && r.requestsChanges())
            // As of a past moment, a state set by a later request does not count.
            && (asOf == null || lastAny < 0 || within(events.get(lastAny).at(), asOf));
    boolean notesSay = lastValid >= 0 && !approvedAfter(user, lastValid, reviews, approvals);
    if (stateSays || notesSay) {
      int shown = lastValid >= 0 ? lastValid : stateSays && lastAny >= 0 ? lastAny : -1;
      Instant at = shown >= 0 ? events.get(shown).at() : null;
      return new RuleResult.ChangeRequest(user, at, true, currentlyReviewer);
    }
    if (lastValid >= 0) {
      return new RuleResult.ChangeRequest(
          user, events.get(lastValid).at(), false, currentlyReviewer);
    }
    return null;
  }

  /** Whether {@code user} was a reviewer when event {@code index} happened. */
  static boolean wasReviewer(String user, int index, Reviews reviews) {
    List<ReviewEvent> events = reviews.events();
    Instant at = events.get(index).at();
    Instant since =
        reviews.current().stream()
            .filter(r -> isUser(r, user) && r.since() != null)
            .map(Reviewer::since)
            .findFirst()
            .orElse(null);
    if (since != null && at != null) {
      if (!since.isAfter(at)) {
        return true; // their current record already existed
      }
      if (!removedBetween(user, at, since, events)) {
        return false; // no record then, and no older one removed since
      }
    }
    for (int i = index - 1; i >= 0; i--) {
      Boolean membership = membership(events.get(i), user);
      if (membership != null) {
        return membership;
      }
    }
    for (int i = index + 1; i < events.size(); i++) {
      Boolean membership = membership(events.get(i), user);
      if (membership != null) {
        // Removed later: a reviewer then. Added later: or asked again? Cannot tell: fail closed.
        return true;
      }
    }
    // No note names them: a reviewer from the start, or never one. Their record (above) would
    // show the former for a current reviewer; anyone else was never made one.
    return reviews.current().stream().anyMatch(r -> isUser(r, user));
  }

  private static boolean removedBetween(
      String user, Instant from, Instant to, List<ReviewEvent> events) {
    return events.stream()
        .anyMatch(
            e ->
                membership(e, user) == Boolean.FALSE
                    && e.at() != null
                    && !e.at().isBefore(from)
                    && !e.at().isAfter(to));
  }

  /** True when the event makes {@code user} a reviewer, false when it removes them, else null. */
  private static Boolean membership(ReviewEvent e, String user) {
    boolean named = e.subjects().stream().anyMatch(s -> CountedApprovals.normalise(s).equals(user));
    if (!named) {
      return null;
    }
    return switch (e.kind()) {
      case REVIEW_REQUESTED -> Boolean.TRUE;
      case REVIEW_REQUEST_REMOVED -> Boolean.FALSE;
      default -> null;
    };
  }

  private static boolean approvedAfter(
      String user, int request, Reviews reviews, List<Approval> approvals) {
    List<ReviewEvent> events = reviews.events();
    for (int i = request + 1; i < events.size(); i++) {
      ReviewEvent e = events.get(i);
      if (e.kind() == ReviewEvent.Kind.APPROVED
          && isBy(e, user)
          && within(e.at(), reviews.asOf())) {
        return true;
      }
    }
    Instant requestedAt = events.get(request).at();
    return approvals.stream()
        .anyMatch(
            a ->
                a != null
                    && CountedApprovals.normalise(a.username()).equals(user)
                    && a.approvedAt() != null
                    && requestedAt != null
                    && a.approvedAt().isAfter(requestedAt)
                    && within(a.approvedAt(), reviews.asOf()));
  }

  private static boolean within(Instant at, Instant asOf) {
    return asOf == null || at != null && !at.isAfter(asOf);
  }

  private static boolean isBy(ReviewEvent e, String user) {
    return CountedApprovals.normalise(e.actor()).equals(user);
  }

  private static boolean isUser(Reviewer r, String user) {
    return CountedApprovals.normalise(r.username()).equals(user);
  }

  // --- wording -------------------------------------------------------------------------------

  /** "@carol requested changes at 2024-05-03 14:02 UTC; only @carol's approval lifts it". */
  static String standingSummary(List<RuleResult.ChangeRequest> standing) {
    List<String> parts = new ArrayList<>();
    for (RuleResult.ChangeRequest r :
        standing.subList(0, Math.min(MAX_IN_SUMMARY, standing.size()))) {
      String who = Phrases.mention(r.username());
      parts.add(
          who
              + " requested changes"
              + (r.requestedAt() == null
                  ? " (time unknown)"
                  : " at " + WHEN.format(r.requestedAt()))
              + (r.stillReviewer() ? "" : " and is no longer a reviewer")
              + "; only "
              + who
              + "'s approval lifts it");
    }
    int more = standing.size() - parts.size();
    return String.join("; ", parts)
        + (more > 0 ? "; and " + more + " more " + (more == 1 ? "request" : "requests") : "");
  }

  private static String liftedSummary(List<String> lifted) {
    return lifted.size() == 1
        ? Phrases.mention(lifted.get(0)) + " requested changes, then approved"
        : Phrases.allOf(lifted) + " requested changes, then each approved";
  }
}
