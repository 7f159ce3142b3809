package org.mergegate.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.mergegate.review.Version;

/**
 * The merge request's pushes, oldest first, and the {@code reset_on_push} rule: an approval counts
 * only if no push after it changed the patch that was approved.
 *
 * <p>The approved version is the newest one created at or before the approval. The approval
 * survives only if every later version has a patch id equal to the approved version's, both
 * present: a rebase that leaves the change alone keeps approvals, and where GitLab gives no patch
 * id every push resets. A version whose time is unknown is taken to be the newest (fail closed).
 */
final class PushHistory {
  private static final Comparator<Version> OLDEST_FIRST =
      Comparator.comparing(Version::createdAt, Comparator.nullsLast(Comparator.naturalOrder()));

  private final List<Version> versions;

  PushHistory(List<Version> versions) {
    List<Version> sorted = new ArrayList<>(versions);
    sorted.removeIf(Objects::isNull);
    sorted.sort(OLDEST_FIRST); // stable: versions with equal times keep the order given
    this.versions = List.copyOf(sorted);
  }

  /**
   * Why an approval given at {@code approvedAt} was reset by a later push, or {@code null} when it
   * still counts. With no versions known (offline explain) every approval counts.
   *
   * @param approvedAt when the approval was given; {@code null} counts as before the latest push,
   *     so it survives only when the merge request was pushed at most once
   */
  String resetReason(Instant approvedAt) {
    if (versions.isEmpty()) {
      return null;
    }
    if (approvedAt == null) {
      if (versions.size() == 1) {
        return null;
      }
      return "approval time unknown, so it counts as given before the push of "
          + pushed(versions.get(versions.size() - 1));
    }
    int approved = -1;
    for (int i = 0; i < versions.size(); i++) {
      Instant created = versions.get(i).createdAt();
      if (created != null && !created.isAfter(approvedAt)) {
        approved = i;
      }
    }
    String approvedPatch = approved >= 0 ? versions.get(approved).patchIdSha() : null;
    for (int i = approved + 1; i < versions.size(); i++) {
      Version later = versions.get(i);
      boolean samePatch = approvedPatch != null && approvedPatch.equals(later.patchIdSha());
      if (!samePatch) {
        return "approved before the push of " + pushed(later);
      }
    }
    return null;
  }

  private static String pushed(Version version) {
    return Phrases.shortSha(version.headSha())
        + " at "
        + (version.createdAt() != null ? version.createdAt().toString() : "an unknown time");
  }
}
