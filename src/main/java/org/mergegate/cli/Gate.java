package org.mergegate.cli;

import org.mergegate.policy.Evaluator;
import org.mergegate.policy.PolicyFiles;
import org.mergegate.policy.Verdict;
import org.mergegate.review.OwnerResolver;
import org.mergegate.review.ReviewFacts;

/** The one sequence every command that judges a change follows, whatever supplies the facts. */
final class Gate {
  private Gate() {}

  static Verdict decide(PolicyFiles policy, ReviewFacts facts, OwnerResolver owners) {
    var toResolve = Evaluator.ownersToResolve(policy.codeOwners(), facts.changes());
    return Evaluator.evaluate(
        policy.policy(), policy.codeOwners(), facts, owners.resolve(toResolve));
  }
}
