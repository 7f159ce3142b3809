package org.mergegate.policy;

import java.util.List;
import java.util.Set;

/**
 * The global rule: {@code approvals.required} distinct approvals from users other than the author.
 * Anyone with access may give them, so the rule cannot name who else is eligible.
 */
final class ApprovalsRule {
  static final String NAME = "approvals";

  private ApprovalsRule() {}

  static RuleResult evaluate(Policy.Approvals policy, CountedApprovals counted, String author) {
    Set<String> approvers = counted.forApprovalsRule();
    int required = policy.required();
    int missing = Math.max(0, required - approvers.size());
    boolean met = missing == 0;
    String summary;
    if (met) {
      summary = "approved by " + Phrases.allOf(approvers) + " (" + required + " required)";
    } else {
      summary =
          "needs "
              + Phrases.stillNeeded(missing, !approvers.isEmpty())
              + " from someone other than the author "
              + Phrases.mention(author)
              + (approvers.isEmpty()
                  ? ""
                  : " (approved so far by " + Phrases.allOf(approvers) + ")");
    }
    return new RuleResult(
        RuleResult.Kind.APPROVALS,
        NAME,
        met,
        false,
        required,
        List.copyOf(approvers),
        missing,
        List.of(),
        List.of(),
        summary);
  }
}
