package org.mergegate.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mergegate.audit.AuditReport;
import org.mergegate.audit.CommitCustody;
import org.mergegate.audit.CommitCustody.BreakGlassFacts;
import org.mergegate.audit.CommitCustody.How;
import org.mergegate.audit.CommitCustody.MergeRequestFacts;
import org.mergegate.audit.CommitCustody.Violation;

/**
 * Hand-built audit reports shaped like the audit engine's, for the renderer tests: a fluent builder
 * for one report and one commit, and a few ready-made reports.
 */
final class AuditReports {
  static final String PROJECT_URL = "https://gitlab.example.org/data/airflow-dags";
  static final Instant SINCE = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant UNTIL = Instant.parse("2026-12-01T00:00:00Z");
  static final Instant GENERATED = Instant.parse("2026-12-01T02:03:04Z");

  private AuditReports() {}

  /** An empty report of {@code data/airflow-dags@main} over November 2026. */
  static ReportBuilder report() {
    return new ReportBuilder();
  }

  /** A commit whose 40-digit sha starts with {@code prefix} (hex), committed at {@code at}. */
  static CommitBuilder commit(String prefix, String at) {
    return new CommitBuilder(prefix, Instant.parse(at));
  }

  /**
   * Four commits, newest first: a break-glass whose review is still open, a clean MR, a direct
   * push, and an MR merged without meeting the policy.
   */
  static AuditReport mixed() {
    return report()
        .add(
            commit("d4", "2026-11-28T22:15:00Z")
                .title("Hotfix: stop the broken DAG")
                .breakGlass("sre-sam", "prod is down, #incident-42", 12L, "opened")
                .violations(Violation.BREAK_GLASS_OPEN))
        .add(
            commit("c3", "2026-11-20T09:30:00Z")
                .title("Add the daily export DAG")
                .mergeRequest(7, "alice", "carol", List.of("bob", "dave"), true))
        .add(
            commit("b2", "2026-11-12T16:45:00Z")
                .title("Typo")
                .how(How.DIRECT_PUSH)
                .violations(Violation.DIRECT_PUSH))
        .add(
            commit("a1", "2026-11-03T08:00:00Z")
                .title("Bump operator version")
                .mergeRequest(5, "erin", "erin", List.of(), false)
                .violations(Violation.NOT_APPROVED))
        .build();
  }

  /** Builds one report; commits are kept in the order added (newest first, as the engine does). */
  static final class ReportBuilder {
    private String project = "data/airflow-dags";
    private String projectWebUrl = PROJECT_URL;
    private String branch = "main";
    private final List<CommitCustody> commits = new ArrayList<>();

    ReportBuilder project(String path, String webUrl) {
      this.project = path;
      this.projectWebUrl = webUrl;
      return this;
    }

    ReportBuilder branch(String name) {
      this.branch = name;
      return this;
    }

    ReportBuilder add(CommitBuilder commit) {
      commits.add(commit.build());
      return this;
    }

    AuditReport build() {
      return new AuditReport(project, projectWebUrl, branch, SINCE, UNTIL, commits);
    }
  }

  /** Builds one commit; a clean direct push until told otherwise. */
  static final class CommitBuilder {
    private final String sha;
    private final Instant committedAt;
    private String title = "A change";
    private How how = How.DIRECT_PUSH;
    private MergeRequestFacts mergeRequest;
    private BreakGlassFacts breakGlass;
    private List<Violation> violations = List.of();
    private String webUrl;

    private CommitBuilder(String prefix, Instant committedAt) {
      this.sha = (prefix + "0123456789abcdef".repeat(3)).substring(0, 40);
      this.committedAt = committedAt;
      this.webUrl = PROJECT_URL + "/-/commit/" + sha;
    }

    CommitBuilder title(String title) {
      this.title = title;
      return this;
    }

    CommitBuilder how(How how) {
      this.how = how;
      return this;
    }

    CommitBuilder webUrl(String url) {
      this.webUrl = url;
      return this;
    }

    CommitBuilder mergeRequest(
        long iid, String author, String mergedBy, List<String> approvedBy, boolean policyMet) {
      return mergeRequest(
          new MergeRequestFacts(
              iid,
              author,
              mergedBy,
              committedAt.minusSeconds(60),
              approvedBy,
              policyMet,
              PROJECT_URL + "/-/merge_requests/" + iid));
    }

    CommitBuilder mergeRequest(MergeRequestFacts facts) {
      this.how = How.MERGE_REQUEST;
      this.mergeRequest = facts;
      return this;
    }

    CommitBuilder breakGlass(String by, String reason, Long issueIid, String issueState) {
      return breakGlass(
          new BreakGlassFacts(
              by,
              reason,
              committedAt.plusSeconds(120),
              PROJECT_URL + "/-/jobs/4711",
              issueIid,
              issueState,
              issueIid == null ? null : PROJECT_URL + "/-/issues/" + issueIid));
    }

    CommitBuilder breakGlass(BreakGlassFacts facts) {
      this.how = How.BREAK_GLASS;
      this.breakGlass = facts;
      return this;
    }

    CommitBuilder violations(Violation... codes) {
      this.violations = List.of(codes);
      return this;
    }

    CommitCustody build() {
      return new CommitCustody(
          sha, committedAt, title, how, mergeRequest, breakGlass, violations, webUrl);
    }
  }
}
