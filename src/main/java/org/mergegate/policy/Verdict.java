package org.mergegate.policy;

import java.util.List;

/**
 * The outcome of evaluating a policy against one merge request.
 *
 * @param satisfied true when every non-optional rule is met
 * @param author the MR author
 * @param headSha the commit the verdict is for
 * @param changedPaths how many distinct paths the change touches
 * @param rules the global approval rule first, then one rule per matched CODEOWNERS section in file
 *     order, then the {@code requested changes} rule when anyone requested changes
 * @param ignored approvals that were not counted anywhere, and why
 */
public record Verdict(
    boolean satisfied,
    String author,
    String headSha,
    int changedPaths,
    List<RuleResult> rules,
    List<IgnoredApproval> ignored) {
  public Verdict {
    rules = List.copyOf(rules);
    ignored = List.copyOf(ignored);
  }

  /** Rules that block the merge. */
  public List<RuleResult> unmet() {
    return rules.stream().filter(r -> !r.met() && !r.optional()).toList();
  }

  /**
   * An approval that counts for nothing.
   *
   * @param username the approver
   * @param reason e.g. "is the author", "is a bot", "approved before the latest push"
   */
  public record IgnoredApproval(String username, String reason) {}
}
