package org.mergegate.policy;

import java.util.List;
import java.util.Set;
import org.mergegate.codeowners.CodeOwners;
import org.mergegate.codeowners.Owner;
import org.mergegate.review.ChangedPath;
import org.mergegate.review.OwnerResolutions;
import org.mergegate.review.ReviewFacts;

/** Evaluates a policy against the facts of one merge request. Pure: no I/O, no clock. */
public final class Evaluator {
  private Evaluator() {}

  /**
   * The owners named by the CODEOWNERS entries that the change matches: what an adapter must
   * resolve before calling {@link #evaluate}.
   */
  public static Set<Owner> ownersToResolve(CodeOwners codeOwners, List<ChangedPath> changes) {
    throw new UnsupportedOperationException("TODO policy");
  }

  /**
   * @param codeOwners the target branch's CODEOWNERS, or {@code null} when it has none
   */
  public static Verdict evaluate(
      Policy policy, CodeOwners codeOwners, ReviewFacts facts, OwnerResolutions owners) {
    throw new UnsupportedOperationException("TODO policy");
  }
}
