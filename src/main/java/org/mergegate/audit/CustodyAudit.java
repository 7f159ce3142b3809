package org.mergegate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.mergegate.audit.CommitCustody.BreakGlassFacts;
import org.mergegate.audit.CommitCustody.How;
import org.mergegate.audit.CommitCustody.MergeRequestFacts;
import org.mergegate.audit.CommitCustody.Violation;
import org.mergegate.breakglass.BreakGlassRecord;
import org.mergegate.deploy.CustodyJudge;
import org.mergegate.deploy.MergedCommitCheck;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.BranchTips;
import org.mergegate.gitlab.Commits;
import org.mergegate.gitlab.FirstParentHistory;
import org.mergegate.gitlab.FollowUpIssues;
import org.mergegate.gitlab.GitLabHttp;
import org.mergegate.policy.RuleResult;
import org.mergegate.policy.Verdict;

/**
 * Builds the chain of custody of a branch: lists its first-parent history in a date range and
 * judges every commit with {@link CustodyJudge}, the code path {@code deploy} uses, then maps each
 * outcome to a {@link CommitCustody}. Commits of a fast-forward merge are folded into their merge
 * request's row. It only reads: nothing is written to GitLab.
 */
public final class CustodyAudit {
  /** Commits judged at once: each takes several requests, which GitLabHttp bounds in turn. */
  public static final int PARALLEL = 32;

  /** How far behind a push GitLab may write its push event. */
  private static final Duration EVENT_LAG = Duration.ofMinutes(5);

  /** Quiet for a run this short; then a progress line about once a second. */
  private static final Duration QUIET = Duration.ofSeconds(2);

  private final GitLabHttp http;
  private final String project;
  private final int parallel;
  private final Consumer<String> progress;

  /**
   * @param progress receives a progress line now and then once the run takes longer than two
   *     seconds (e.g. {@code audit: 340/1000 commits judged})
   */
  public CustodyAudit(GitLabHttp http, String project, int parallel, Consumer<String> progress) {
    this.http = http;
    this.project = project;
    this.parallel = parallel;
    this.progress = progress;
  }

  /**
   * The report for {@code branch} over {@code [since, until)}.
   *
   * @param projectPath how the report names the project
   * @param projectWebUrl the project's page
   */
  public AuditReport run(
      String projectPath, String projectWebUrl, String branch, Instant since, Instant until) {
    long start = System.nanoTime();
    // A branch that does not exist is an error (404), never an empty, clean report.
    String head = new Commits(http, project).head(branch);
    List<FirstParentHistory.Entry> entries = landed(branch, head, since, until);
    long[] lastLine = {0};
    List<CustodyJudge.Judged> judged =
        new CustodyJudge(http, project, branch)
            .judgeAll(
                entries.stream().map(FirstParentHistory.Entry::sha).toList(),
                parallel,
                done -> {
                  long now = System.nanoTime();
                  if (now - start > QUIET.toNanos() && now - lastLine[0] > 900_000_000L) {
                    lastLine[0] = now;
                    progress.accept("audit: " + done + "/" + entries.size() + " commits judged");
                  }
                });
    Set<String> listed = new HashSet<>();
    entries.forEach(e -> listed.add(e.sha()));
    Map<Long, CompletableFuture<JsonNode>> mergeRequests = new HashMap<>();
    Map<String, CompletableFuture<Optional<FollowUpIssues.FollowUpIssue>>> followUps =
        new HashMap<>();
    FollowUpIssues issues = new FollowUpIssues(http, project);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      CustodyJudge.Judged j = judged.get(i);
      if (j.viaHead() != null && listed.contains(j.viaHead())) {
        continue; // arrived inside a fast-forward merge: its merge request's row covers it
      }
      MergedCommitCheck.Outcome o = j.outcome();
      if (o.mergeRequest() != null) {
        mergeRequests.computeIfAbsent(o.mergeRequest(), this::readMergeRequest);
      }
      if (o.breakGlass() != null) {
        followUps.computeIfAbsent(
            o.breakGlass().sha() + "/" + o.breakGlass().at(),
            k -> http.async(() -> issues.find(o.breakGlass())));
      }
      rows.add(new Row(entries.get(i), o));
    }
    List<CommitCustody> commits = new ArrayList<>(rows.size());
    for (Row row : rows) {
      MergedCommitCheck.Outcome o = row.outcome();
      MergeRequestFacts mr =
          o.mergeRequest() == null
              ? null
              : mergeRequestFacts(
                  o, http.await(mergeRequests.get(o.mergeRequest()), "reading merge requests"));
      Optional<FollowUpIssues.FollowUpIssue> issue =
          o.breakGlass() == null
              ? Optional.empty()
              : http.await(
                  followUps.get(o.breakGlass().sha() + "/" + o.breakGlass().at()),
                  "reading follow-up issues");
      BreakGlassFacts glass =
          o.breakGlass() == null ? null : breakGlassFacts(o.breakGlass(), issue);
      commits.add(custody(row.entry(), o, mr, glass, reviewedByOthers(issue, glass, mr)));
    }
    return new AuditReport(projectPath, projectWebUrl, branch, since, until, commits);
  }

  /**
   * The commits that reached {@code branch} in {@code [since, until)}: its first-parent history
   * between where GitLab's push events put it just before {@code until} (the head as read now, for
   * an {@code until} not yet past or only just past) and just before {@code since}. A committer
   * date decides nothing: a developer sets it freely, and a direct push dated 2019 or 2099 must not
   * fall outside every audit.
   */
  private List<FirstParentHistory.Entry> landed(
      String branch, String head, Instant since, Instant until) {
    BranchTips tips = new BranchTips(http, project);
    String top;
    // GitLab writes push events in the background, so the newest pushes may have none yet: an
    // until within the last minutes (the default, now) reads the head instead. The next audit, from
    // that until, may list those few commits again: more, never less.
    if (until.isAfter(Instant.now().minus(EVENT_LAG))) {
      top = head;
    } else {
      top =
          tips.before(branch, until)
              .orElseThrow(
                  () ->
                      GateException.external(
                          "GitLab records no push to "
                              + branch
                              + " before "
                              + until
                              + " (it keeps events for three years), so merge-gate cannot tell"
                              + " which commits "
                              + branch
                              + " held then: nothing audited",
                          null));
    }
    // No push before since (a new branch, or expired events): everything down to the root.
    String bottom = tips.before(branch, since).orElse(null);
    return new FirstParentHistory(http, project).from(top, bottom);
  }

  private record Row(FirstParentHistory.Entry entry, MergedCommitCheck.Outcome outcome) {}

  /**
   * Whether the follow-up issue was closed by someone other than whoever broke glass and the author
   * of the change: closing your own review is no review, as approving your own merge request is no
   * approval. An unknown closer counts as neither (fail closed).
   */
  private static boolean reviewedByOthers(
      Optional<FollowUpIssues.FollowUpIssue> issue, BreakGlassFacts glass, MergeRequestFacts mr) {
    if (issue.isEmpty() || !"closed".equals(issue.get().state())) {
      return false;
    }
    String closer = issue.get().closedBy();
    return closer != null
        && !closer.equalsIgnoreCase(glass.by())
        && (mr == null || mr.author() == null || !closer.equalsIgnoreCase(mr.author()));
  }

  private static CommitCustody custody(
      FirstParentHistory.Entry e,
      MergedCommitCheck.Outcome o,
      MergeRequestFacts mr,
      BreakGlassFacts glass,
      boolean followUpReviewed) {
    List<Violation> violations = new ArrayList<>();
    How how;
    if (o.mergeRequest() != null) {
      how = How.MERGE_REQUEST;
      if (!o.qualified()) {
        violations.add(Violation.NOT_APPROVED);
      }
    } else if (o.qualified() && glass != null) {
      how = How.BREAK_GLASS;
    } else {
      how = How.DIRECT_PUSH;
      violations.add(Violation.DIRECT_PUSH);
    }
    // A bypass is closed only by a follow-up issue someone else closed; none found is open.
    if (glass != null && !followUpReviewed) {
      violations.add(Violation.BREAK_GLASS_OPEN);
    }
    return new CommitCustody(
        e.sha(), e.committedAt(), e.title(), how, mr, glass, violations, e.webUrl());
  }

  private CompletableFuture<JsonNode> readMergeRequest(long iid) {
    return http.async(
        () ->
            http.get(
                    "/projects/" + GitLabHttp.segment(project) + "/merge_requests/" + iid,
                    "merge request !" + iid)
                .body());
  }

  private static MergeRequestFacts mergeRequestFacts(MergedCommitCheck.Outcome o, JsonNode mr) {
    Verdict v = o.verdict();
    Set<String> approvers = new TreeSet<>();
    if (v != null) {
      for (RuleResult r : v.rules()) {
        approvers.addAll(r.approvedBy());
      }
    }
    JsonNode merger = mr.path("merge_user");
    if (merger.isMissingNode() || merger.isNull()) {
      merger = mr.path("merged_by");
    }
    return new MergeRequestFacts(
        o.mergeRequest(),
        v != null ? v.author() : mr.path("author").path("username").asText(null),
        merger.path("username").asText(null),
        time(mr.path("merged_at").asText(null)),
        List.copyOf(approvers),
        v != null && v.satisfied(),
        mr.path("web_url").asText(null));
  }

  private static BreakGlassFacts breakGlassFacts(
      BreakGlassRecord r, Optional<FollowUpIssues.FollowUpIssue> issue) {
    return new BreakGlassFacts(
        r.user(),
        r.reason(),
        r.at(),
        r.jobUrl(),
        issue.map(FollowUpIssues.FollowUpIssue::iid).orElse(null),
        issue.map(FollowUpIssues.FollowUpIssue::state).orElse(null),
        issue.map(FollowUpIssues.FollowUpIssue::webUrl).orElse(null));
  }

  private static Instant time(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
