package org.mergegate.review;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What reviewers did on a merge request: the facts the "requested changes" rule judges.
 *
 * @param current the MR's reviewers now, with GitLab's review state for each
 * @param events the review system notes, oldest first (the order GitLab lists them in)
 * @param bots users among those who requested changes that are bots (they never block)
 * @param inactive users among those who requested changes that are blocked or deactivated (they
 *     never block)
 * @param asOf judge the reviews as they stood at this moment ({@code deploy}: when the MR was
 *     merged), or {@code null} for now; see {@link #asOf(Instant)}
 */
public record Reviews(
    List<Reviewer> current,
    List<ReviewEvent> events,
    Set<String> bots,
    Set<String> inactive,
    Instant asOf) {
  public Reviews {
    current = List.copyOf(current);
    events = List.copyOf(events);
    bots = lowerCase(bots);
    inactive = lowerCase(inactive);
  }

  /** No reviewers and no review notes: nobody can have requested changes. */
  public static Reviews none() {
    return new Reviews(List.of(), List.of(), Set.of(), Set.of(), null);
  }

  /**
   * The same facts, judged as they stood at {@code moment}: requests and approvals recorded later
   * do not count, and a reviewer's current {@code requested_changes} state counts unless the notes
   * show it was set later.
   */
  public Reviews asOf(Instant moment) {
    return new Reviews(current, events, bots, inactive, moment);
  }

  private static Set<String> lowerCase(Set<String> users) {
    return users.stream()
        .map(u -> u.toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }
}
