package org.mergegate.policy;

import java.util.List;
import java.util.Set;
import org.mergegate.codeowners.CodeOwners;
import org.mergegate.codeowners.Owner;

/** Test helper: evaluates the way `check` does — resolve what ownersToResolve asks, then judge. */
final class Verdicts {
  private Verdicts() {}

  static Policy requiring(int required) {
    return new Policy(
        new Policy.Approvals(required, true, false),
        Policy.defaults().codeowners(),
        Policy.defaults().breakGlass());
  }

  static Policy withApprovals(Policy.Approvals approvals) {
    return new Policy(approvals, Policy.defaults().codeowners(), Policy.defaults().breakGlass());
  }

  static Verdict evaluate(Policy policy, String codeowners, Mr mr, Members members) {
    CodeOwners parsed = codeowners == null ? null : CodeOwners.parse(codeowners);
    Set<Owner> asked = Evaluator.ownersToResolve(parsed, mr.changeList());
    return Evaluator.evaluate(policy, parsed, mr.facts(), members.resolve(asked));
  }

  static Verdict evaluate(String codeowners, Mr mr, Members members) {
    return evaluate(Policy.defaults(), codeowners, mr, members);
  }

  static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  static RuleResult rule(Verdict verdict, String name) {
    return verdict.rules().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule " + name + " in " + names(verdict)));
  }

  static List<String> names(Verdict verdict) {
    return verdict.rules().stream().map(RuleResult::name).toList();
  }
}
