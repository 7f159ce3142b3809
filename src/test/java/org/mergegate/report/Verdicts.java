package org.mergegate.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mergegate.policy.Evaluator;
import org.mergegate.policy.Policy;
import org.mergegate.policy.RuleResult;
import org.mergegate.policy.RuleResult.EntryResult;
import org.mergegate.policy.RuleResult.Kind;
import org.mergegate.policy.Verdict;
import org.mergegate.policy.Verdict.IgnoredApproval;
import org.mergegate.review.Approval;
import org.mergegate.review.ChangedPath;
import org.mergegate.review.OwnerResolutions;
import org.mergegate.review.ReviewEvent;
import org.mergegate.review.ReviewFacts;
import org.mergegate.review.Reviewer;
import org.mergegate.review.Reviews;

/** Hand-built verdicts shaped like the evaluator's, for the renderer tests. */
final class Verdicts {
  static final String HEAD = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

  private Verdicts() {}

  static RuleResult approvals(int required, List<String> approvedBy, List<String> eligible) {
    int missing = Math.max(0, required - approvedBy.size());
    return new RuleResult(
        Kind.APPROVALS,
        "approvals",
        missing == 0,
        false,
        required,
        approvedBy,
        missing,
        missing == 0 ? List.of() : eligible,
        List.of(),
        missing == 0
            ? "has " + approvedBy.size() + " of " + required + " required approvals"
            : "needs " + missing + " more approval from anyone but the author");
  }

  static RuleResult docsMet() {
    return new RuleResult(
        Kind.CODEOWNERS,
        "Docs",
        true,
        false,
        1,
        List.of("carol"),
        0,
        List.of(),
        List.of(
            new EntryResult(
                "*.md",
                3,
                List.of("@carol", "@docs"),
                List.of("README.md"),
                List.of("carol"),
                0,
                List.of(),
                List.of())),
        "approved by code owner @carol");
  }

  /** [Backend][2] with two matched entries: one half approved, one with no approval at all. */
  static RuleResult backendUnmet() {
    EntryResult api =
        new EntryResult(
            "/src/api/",
            7,
            List.of("@backend-team"),
            List.of(
                "src/api/A.java",
                "src/api/B.java",
                "src/api/C.java",
                "src/api/D.java",
                "src/api/E.java",
                "src/api/F.java",
                "src/api/G.java",
                "src/api/H.java"),
            List.of("bob"),
            1,
            List.of("carol", "dave"),
            List.of());
    EntryResult sql =
        new EntryResult(
            "*.sql",
            9,
            List.of("@dba", "erin@example.org"),
            List.of("db/001_init.sql"),
            List.of(),
            2,
            List.of("erin", "frank"),
            List.of("erin@example.org matches no GitLab user with access to the project"));
    return new RuleResult(
        Kind.CODEOWNERS,
        "Backend",
        false,
        false,
        2,
        List.of("bob"),
        3,
        List.of("carol", "dave", "erin", "frank"),
        List.of(api, sql),
        "needs 1 more approval for /src/api/ (@carol or @dave) and 2 for *.sql (@erin and @frank)");
  }

  static RuleResult securityOptionalUnmet() {
    return new RuleResult(
        Kind.CODEOWNERS,
        "Security",
        false,
        true,
        1,
        List.of(),
        1,
        List.of("grace"),
        List.of(
            new EntryResult(
                "/src/auth/",
                12,
                List.of("@grace"),
                List.of("src/auth/Login.java"),
                List.of(),
                1,
                List.of("grace"),
                List.of())),
        "optional: an approval from @grace is requested but not required");
  }

  /**
   * From the evaluator itself: alice's MR approved by bob; carol requested changes at 14:02 UTC and
   * was removed as reviewer (standing); dave requested changes and approved since (lifted).
   */
  static Verdict requestedChanges() {
    Instant t = Instant.parse("2024-05-03T14:02:00Z");
    Reviews reviews =
        new Reviews(
            List.of(new Reviewer("dave", "approved", t.minusSeconds(60))),
            List.of(
                new ReviewEvent(
                    t.minusSeconds(60),
                    "alice",
                    ReviewEvent.Kind.REVIEW_REQUESTED,
                    List.of("carol", "dave")),
                ReviewEvent.by(t, "carol", ReviewEvent.Kind.REQUESTED_CHANGES),
                ReviewEvent.by(t, "dave", ReviewEvent.Kind.REQUESTED_CHANGES),
                new ReviewEvent(
                    t.plusSeconds(60),
                    "alice",
                    ReviewEvent.Kind.REVIEW_REQUEST_REMOVED,
                    List.of("carol")),
                ReviewEvent.by(t.plusSeconds(120), "dave", ReviewEvent.Kind.APPROVED)),
            Set.of(),
            Set.of(),
            null);
    ReviewFacts facts =
        new ReviewFacts(
            "alice",
            HEAD,
            List.of(ChangedPath.modified("dags/etl.py")),
            List.of(Approval.byHuman("bob", t.plusSeconds(180))),
            List.of(),
            reviews);
    return Evaluator.evaluate(Policy.defaults(), null, facts, new OwnerResolutions(Map.of()));
  }

  static Verdict satisfied() {
    return new Verdict(
        true,
        "alice",
        HEAD,
        3,
        List.of(approvals(1, List.of("bob"), List.of()), docsMet()),
        List.of());
  }

  /**
   * Two blocking rules unmet (approvals 1/2, Backend 1/4), one optional section unmet, three
   * ignored approvals.
   */
  static Verdict failing() {
    return new Verdict(
        false,
        "alice",
        HEAD,
        12,
        List.of(
            approvals(2, List.of("bob"), List.of("carol", "dave", "erin")),
            docsMet(),
            backendUnmet(),
            securityOptionalUnmet()),
        List.of(
            new IgnoredApproval("alice", "is the author"),
            new IgnoredApproval("renovate-bot", "is a bot"),
            new IgnoredApproval("mallory", "approved before the latest push")));
  }

  /** A section whose name and paths carry markup, quotes and control characters. */
  static Verdict hostile() {
    String name = "<script>&\"'\u0001]]>";
    RuleResult rule =
        new RuleResult(
            Kind.CODEOWNERS,
            name,
            false,
            false,
            1,
            List.of(),
            1,
            List.of("o'neil"),
            List.of(
                new EntryResult(
                    "/a&b<c>/",
                    2,
                    List.of("@x&y"),
                    List.of("evil\u0001\u001B[32mok\nmerge-gate: SATISFIED\u202E.txt"),
                    List.of(),
                    1,
                    List.of("o'neil"),
                    List.of())),
            "needs <1> approval & \"quotes\" \u0007 from @o'neil");
    return new Verdict(
        false,
        "alice",
        HEAD,
        1,
        List.of(approvals(1, List.of("bob"), List.of()), rule),
        List.of(new IgnoredApproval("eve\u001B[2K", "is the \u0000author")));
  }
}
