package org.mergegate.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mergegate.review.Approval;
import org.mergegate.review.ChangedPath;
import org.mergegate.review.ReviewEvent;
import org.mergegate.review.ReviewFacts;
import org.mergegate.review.Reviewer;
import org.mergegate.review.Reviews;
import org.mergegate.review.Version;

/** Test helper: a merge request's facts, written the way a reviewer would describe them. */
final class Mr {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private final String author;
  private final List<ChangedPath> changes = new ArrayList<>();
  private final List<Approval> approvals = new ArrayList<>();
  private final List<Version> versions = new ArrayList<>();
  private final List<Reviewer> reviewers = new ArrayList<>();
  private final List<ReviewEvent> events = new ArrayList<>();
  private final Set<String> bots = new HashSet<>();
  private final Set<String> blocked = new HashSet<>();
  private Instant asOf;

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

  /** {@code user} is a reviewer now, in GitLab's review {@code state}. */
  Mr reviewer(String user, String state) {
    return reviewer(user, state, null);
  }

  /** ... made a reviewer at {@code since} (GitLab's reviewer record), {@code null} if unknown. */
  Mr reviewer(String user, String state, Instant since) {
    reviewers.add(new Reviewer(user, state, since));
    return this;
  }

  /** GitLab's note "requested review from @users" by {@code actor}. */
  Mr reviewRequested(Instant at, String actor, String... users) {
    events.add(new ReviewEvent(at, actor, ReviewEvent.Kind.REVIEW_REQUESTED, List.of(users)));
    return this;
  }

  /** GitLab's note "removed review request for @users" by {@code actor}. */
  Mr reviewRemoved(Instant at, String actor, String... users) {
    events.add(new ReviewEvent(at, actor, ReviewEvent.Kind.REVIEW_REQUEST_REMOVED, List.of(users)));
    return this;
  }

  /** GitLab's note "requested changes" by {@code user}. */
  Mr requestedChanges(Instant at, String user) {
    events.add(ReviewEvent.by(at, user, ReviewEvent.Kind.REQUESTED_CHANGES));
    return this;
  }

  /** GitLab's note "approved this merge request" by {@code user}. */
  Mr approvedNote(Instant at, String user) {
    events.add(ReviewEvent.by(at, user, ReviewEvent.Kind.APPROVED));
    return this;
  }

  Mr bot(String user) {
    bots.add(user);
    return this;
  }

  Mr blocked(String user) {
    blocked.add(user);
    return this;
  }

  /** Judge the reviews as they stood at {@code moment} (deploy: the merge). */
  Mr asOf(Instant moment) {
    asOf = moment;
    return this;
  }

  ReviewFacts facts() {
    Reviews reviews = new Reviews(reviewers, events, bots, blocked, asOf);
    return new ReviewFacts(author, "head0123456789", changes, approvals, versions, reviews);
  }

  List<ChangedPath> changeList() {
    return List.copyOf(changes);
  }
}
