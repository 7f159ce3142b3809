package org.mergegate.policy;

import java.util.List;

/**
 * One rule of a verdict: the global approval count, or one CODEOWNERS section.
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
    String summary) {
  /** The kinds of rule. */
  public enum Kind {
    APPROVALS,
    CODEOWNERS
  }

  public RuleResult {
    approvedBy = List.copyOf(approvedBy);
    eligible = List.copyOf(eligible);
    entries = List.copyOf(entries);
  }

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
