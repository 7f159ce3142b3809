package org.mergegate.report;

import java.util.ArrayList;
import java.util.List;
import org.mergegate.policy.RuleResult;
import org.mergegate.policy.RuleResult.EntryResult;
import org.mergegate.policy.Verdict;

/**
 * The wording shared by the console and JUnit reports, so a rule reads the same in a CI log and in
 * the merge request widget.
 */
final class RuleText {
  /** How many changed paths an entry lists before "and N more". */
  static final int PATHS_SHOWN = 5;

  private RuleText() {}

  /** "approvals", or "CODEOWNERS [Backend]" for a section. */
  static String displayName(RuleResult rule) {
    return rule.kind() == RuleResult.Kind.CODEOWNERS
        ? "CODEOWNERS [" + Text.visible(rule.name()) + "]"
        : Text.visible(rule.name());
  }

  /**
   * Approvals obtained over approvals needed, e.g. {@code 1/2}. A section needs its count once per
   * matched entry (GitLab requires each entry separately) and {@code missing} is summed over them,
   * so the fraction is derived from those two fields rather than from the approver list.
   */
  static String progress(RuleResult rule) {
    int needed = rule.required() * Math.max(1, rule.entries().size());
    return progress(needed, rule.missing());
  }

  static String progress(EntryResult entry, int required) {
    return progress(required, entry.missing());
  }

  private static String progress(int needed, int missing) {
    int obtained = Math.max(0, Math.min(needed, needed - missing));
    return obtained + "/" + needed;
  }

  /**
   * The rule line's last column: who approved ("approved by @bob", "no approvals") or, for
   * requested changes, who blocks ("blocked by @carol") or whose approval lifted theirs.
   */
  static String outcome(RuleResult rule) {
    if (rule.kind() != RuleResult.Kind.REQUESTED_CHANGES) {
      return approvedBy(rule.approvedBy());
    }
    return rule.eligible().isEmpty()
        ? "lifted: " + Text.handles(rule.approvedBy(), "") + " approved since"
        : "blocked by " + Text.handles(rule.eligible(), "");
  }

  /** "approved by @bob, @carol" or "no approvals". */
  static String approvedBy(List<String> approvers) {
    return approvers.isEmpty() ? "no approvals" : "approved by " + Text.handles(approvers, "");
  }

  static String canApprove(List<String> eligible) {
    return "can approve: " + Text.handles(eligible, "nobody eligible is left");
  }

  /**
   * What a person needs to act on an unmet rule: its summary, who can approve and, for a CODEOWNERS
   * section, each matched entry with the paths it covers. Plain lines, unindented except for an
   * entry's own details.
   */
  static List<String> details(RuleResult rule) {
    List<String> lines = new ArrayList<>();
    if (rule.summary() != null && !rule.summary().isBlank()) {
      lines.add(Text.visible(rule.summary()));
    }
    // Anyone but the author may give a plain approval, so naming "who can" only helps for owners;
    // a single entry names its owners itself, below.
    boolean namedByItsEntry =
        rule.kind() == RuleResult.Kind.CODEOWNERS && rule.entries().size() == 1;
    boolean anyoneButTheAuthor =
        rule.kind() == RuleResult.Kind.APPROVALS && rule.eligible().isEmpty();
    if (rule.kind() == RuleResult.Kind.REQUESTED_CHANGES) {
      // Nobody else can help: each blocker's own approval is the only way.
      lines.add("only their own approval lifts each: " + Text.handles(rule.eligible(), "nobody"));
    } else if (!namedByItsEntry && !anyoneButTheAuthor) {
      lines.add(canApprove(rule.eligible()));
    }
    for (EntryResult entry : rule.entries()) {
      lines.add(
          "entry "
              + Text.visible(entry.pattern())
              + " (line "
              + entry.line()
              + ", owners "
              + Text.owners(entry.owners())
              + "): "
              + progress(entry, rule.required())
              + ", "
              + approvedBy(entry.approvedBy()));
      if (entry.missing() > 0) {
        lines.add("  " + canApprove(entry.eligible()));
      }
      if (!entry.paths().isEmpty()) {
        lines.add("  paths: " + Text.capped(entry.paths(), PATHS_SHOWN));
      }
      for (String problem : entry.problems()) {
        lines.add("  problem: " + Text.visible(problem));
      }
    }
    return lines;
  }

  /** "@alice: is the author", one per ignored approval. */
  static List<String> ignored(Verdict verdict) {
    return verdict.ignored().stream()
        .map(i -> Text.handle(i.username()) + ": " + Text.visible(i.reason()))
        .toList();
  }
}
