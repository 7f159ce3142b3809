package org.mergegate.audit;

import java.time.Instant;
import java.util.List;

/**
 * One audit of a branch: every first-parent commit committed in {@code [since, until)}, newest
 * first, as design.md §9 describes.
 *
 * @param project the project's path with namespace (or its id when the path is unknown)
 * @param projectWebUrl the project's page, e.g. {@code
 *     https://gitlab.example.org/data/airflow-dags}
 * @param branch the branch audited
 * @param since the first instant included
 * @param until the first instant excluded
 * @param commits newest first
 */
public record AuditReport(
    String project,
    String projectWebUrl,
    String branch,
    Instant since,
    Instant until,
    List<CommitCustody> commits) {
  public AuditReport {
    commits = List.copyOf(commits);
  }

  /** How many commits the report covers. */
  public int commitCount() {
    return commits.size();
  }

  /** How many violation codes the report holds, over all commits. */
  public int violationCount() {
    return commits.stream().mapToInt(c -> c.violations().size()).sum();
  }

  /** The commits with at least one violation, newest first. */
  public List<CommitCustody> violating() {
    return commits.stream().filter(c -> !c.violations().isEmpty()).toList();
  }
}
