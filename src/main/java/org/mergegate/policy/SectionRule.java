package org.mergegate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.mergegate.codeowners.Section;
import org.mergegate.review.OwnerResolutions;

/**
 * One CODEOWNERS section that owns part of the change: met when every entry that won a changed path
 * is met, as GitLab requires each matched entry separately. An optional section is reported the
 * same way but never blocks.
 */
final class SectionRule {
  /** Unmet entries named in a summary before the rest are counted. */
  static final int MAX_ENTRIES_IN_SUMMARY = 3;

  private SectionRule() {}

  static RuleResult evaluate(
      OwnedPaths.SectionPaths owned,
      Set<String> approvers,
      String author,
      OwnerResolutions resolutions) {
    Section section = owned.section();
    List<RuleResult.EntryResult> entries = new ArrayList<>();
    List<String> shortfalls = new ArrayList<>();
    Set<String> approvedBy = new TreeSet<>();
    Set<String> eligible = new TreeSet<>();
    int missing = 0;
    int required = 0;
    for (OwnedPaths.EntryPaths filed : owned.entries()) {
      EntryRule.Outcome outcome = EntryRule.evaluate(filed, approvers, author, resolutions);
      entries.add(outcome.result());
      approvedBy.addAll(outcome.result().approvedBy());
      eligible.addAll(outcome.result().eligible());
      missing += outcome.result().missing();
      required = Math.max(required, filed.approvalsRequired());
      if (!outcome.met()) {
        shortfalls.add(outcome.shortfall());
      }
    }
    eligible.removeAll(approvedBy);
    boolean met = shortfalls.isEmpty();
    String summary =
        (section.optional() ? "optional, never blocks: " : "")
            + (met ? approvedSummary(approvedBy, entries.size()) : unmetSummary(shortfalls));
    return new RuleResult(
        RuleResult.Kind.CODEOWNERS,
        section.name(),
        met,
        section.optional(),
        required,
        List.copyOf(approvedBy),
        missing,
        List.copyOf(eligible),
        entries,
        summary);
  }

  private static String approvedSummary(Set<String> approvedBy, int entries) {
    return "approved by "
        + Phrases.allOf(approvedBy)
        + (entries > 1 ? " for all " + entries + " matched entries" : "");
  }

  private static String unmetSummary(List<String> shortfalls) {
    List<String> shown = shortfalls.subList(0, Math.min(MAX_ENTRIES_IN_SUMMARY, shortfalls.size()));
    int more = shortfalls.size() - shown.size();
    return String.join("; ", shown)
        + (more > 0 ? "; and " + more + " more " + (more == 1 ? "entry" : "entries") : "");
  }
}
