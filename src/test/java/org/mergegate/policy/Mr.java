package org.mergegate.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mergegate.review.Approval;
import org.mergegate.review.ChangedPath;
import org.mergegate.review.ReviewFacts;
import org.mergegate.review.Version;

/** Test helper: a merge request's facts, written the way a reviewer would describe them. */
final class Mr {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private final String author;
  private final List<ChangedPath> changes = new ArrayList<>();
  private final List<Approval> approvals = new ArrayList<>();
  private final List<Version> versions = new ArrayList<>();

  private Mr(String author) {
    this.author = author;
  }

  static Mr by(String author) {
    return new Mr(author);
  }

  static Instant minutes(long n) {
    return T0.plus(Duration.ofMinutes(n));
  }

  Mr changes(String... paths) {
    for (String path : paths) {
      changes.add(ChangedPath.modified(path));
    }
    return this;
  }

  Mr renames(String from, String to) {
    changes.add(new ChangedPath(from, to, ChangedPath.Status.RENAMED));
    return this;
  }

  Mr deletes(String path) {
    changes.add(new ChangedPath(path, path, ChangedPath.Status.DELETED));
    return this;
  }

  /** Approvals by humans, one minute after T0 (before any push in these tests unless said). */
  Mr approvedBy(String... users) {
    for (String user : users) {
      approvals.add(Approval.byHuman(user, minutes(1)));
    }
    return this;
  }

  Mr approval(Approval approval) {
    approvals.add(approval);
    return this;
  }

  Mr pushed(String sha, Instant at, String patchId) {
    versions.add(new Version(sha, at, patchId));
    return this;
  }

  ReviewFacts facts() {
    return new ReviewFacts(author, "head0123456789", changes, approvals, versions);
  }

  List<ChangedPath> changeList() {
    return List.copyOf(changes);
  }
}
