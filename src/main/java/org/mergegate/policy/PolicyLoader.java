package org.mergegate.policy;

import java.util.List;

/**
 * Reads {@code .gitlab/merge-gate.yml}. Unknown keys are errors, so a typo never weakens a policy.
 */
public final class PolicyLoader {
  private PolicyLoader() {}

  /**
   * The outcome of loading.
   *
   * @param policy the policy, or {@code null} when there are problems
   * @param problems what is wrong, with line numbers; empty when the file is valid
   */
  public record Result(Policy policy, List<PolicyProblem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }
  }

  /** Parses YAML text; never throws for bad input. */
  public static Result load(String yaml) {
    throw new UnsupportedOperationException("TODO policy");
  }
}
