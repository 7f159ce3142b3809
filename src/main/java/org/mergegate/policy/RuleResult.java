package org.mergegate.policy;

import java.time.Instant;
import java.util.List;

/**
 * One rule of a verdict: the global approval count, one CODEOWNERS section, or the reviewers'
 * requests for changes.
 *
 * @param kind which kind of rule
 * @param name "approvals" or the section name
 * @param met whether the rule is satisfied
 * @param optional an optional section: reported, never blocking
 * @param required approvals the rule needs (per entry, for a section)
 * @param approvedBy approvers who counted for this rule, sorted
 * @param missing approvals still needed (summed over the section's entries)
 * @param eligible users who could still approve to satisfy it, sorted
 * @param entries for a section, each matched CODEOWNERS entry; empty for the approvals rule
 * @param summary one sentence a person can act on, e.g. "needs 1 more approval from @alice or @bob"
 * @param changeRequests for the requested-changes rule, each reviewer's request, standing or
 *     lifted, sorted by username; empty for every other rule
 */
public record RuleResult(
    Kind kind,
    String name,
    boolean met,
    boolean optional,
    int required,
    List<String> approvedBy,
    int missing,
    List<String> eligible,
    List<EntryResult> entries,
    String summary,
    List<ChangeRequest> changeRequests) {
  /** The kinds of rule. */
  public enum Kind {
    APPROVALS,
    CODEOWNERS,
    REQUESTED_CHANGES
  }

  public RuleResult {
    approvedBy = List.copyOf(approvedBy);
    eligible = List.copyOf(eligible);
    entries = List.copyOf(entries);
    changeRequests = List.copyOf(changeRequests);
  }

  /** A rule that is not about requested changes. */
  public RuleResult(
      Kind kind,
      String name,
      boolean met,
      boolean optional,
      int required,
      List<String> approvedBy,
      int missing,
      List<String> eligible,
      List<EntryResult> entries,
      String summary) {
    this(
        kind,
        name,
        met,
        optional,
        required,
        approvedBy,
        missing,
        eligible,
        entries,
        summary,
        List.of());
  }

  /**
   * One reviewer's request for changes. Only that reviewer's own approval, given after it, lifts
   * it.
   *
   * @param username who requested changes
   * @param requestedAt when (their latest request that counts), or {@code null} when GitLab's notes
   *     do not say (the reviewer's state alone shows it)
   * @param standing whether it still blocks
   * @param stillReviewer whether they are a reviewer now (removing them does not lift it)
   */
  public record ChangeRequest(
      String username, Instant requestedAt, boolean standing, boolean stillReviewer) {}

  /**
   * One matched CODEOWNERS entry within a section; GitLab requires each such entry separately.
   *
   * @param pattern the entry's pattern as written
   * @param line its line in CODEOWNERS
   * @param owners its owners as written
   * @param paths changed paths whose winning entry in this section is this one, sorted
   * @param approvedBy eligible owners who approved, sorted
   * @param missing approvals still needed for this entry
   * @param eligible owners who could still approve, sorted
   * @param problems owners that could not be resolved, or why nobody can approve
   */
  public record EntryResult(
      String pattern,
      int line,
      List<String> owners,
      List<String> paths,
      List<String> approvedBy,
      int missing,
      List<String> eligible,
      List<String> problems) {
    public EntryResult {
      owners = List.copyOf(owners);
      paths = List.copyOf(paths);
      approvedBy = List.copyOf(approvedBy);
      eligible = List.copyOf(eligible);
      problems = List.copyOf(problems);
    }
  }
}
