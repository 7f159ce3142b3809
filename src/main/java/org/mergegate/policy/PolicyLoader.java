package org.mergegate.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Reads {@code .gitlab/merge-gate.yml}. Unknown keys are errors, so a typo never weakens a policy.
 *
 * <p>What the loader accepts, beyond plain YAML types:
 *
 * <ul>
 *   <li>An empty file, or one of only comments, means {@link Policy#defaults()}; so does every key
 *       left out.
 *   <li>{@code approvals.required} is a whole number from 1 to 100. Zero is refused: it would turn
 *       peer review off while the job stays green; {@code break_glass} is the audited way round.
 *   <li>Booleans are {@code true} or {@code false} only; YAML 1.1's {@code yes}/{@code on} are
 *       refused because other tools read them differently.
 *   <li>A key written with no value ({@code approvals:}) is an error, not "use the defaults".
 *   <li>{@code break_glass.allowed} holds owner references ({@code "@user"}, {@code "@group/sub"},
 *       {@code "@@maintainer"}); an empty list means nobody may break glass.
 *   <li>Duplicate keys, anchors, aliases, tags and a second document are errors: each could make
 *       the file mean something other than what a reviewer reads.
 * </ul>
 */
public final class PolicyLoader {
  /** A hostile or garbled file should not produce thousands of lines of output. */
  static final int MAX_PROBLEMS = 50;

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

  /**
   * Parses YAML text; never throws for bad input. Collects every problem it can find (at most
   * {@value #MAX_PROBLEMS}, then a note of how many more), sorted by line; a YAML syntax error
   * stops reading, so it comes with at most the problems before it.
   *
   * @param yaml the file's text; an absent file is the caller's business ({@link
   *     Policy#defaults()}), so {@code null} is not accepted
   */
  public static Result load(String yaml) {
    Objects.requireNonNull(yaml, "yaml");
    YamlReader.Result read = YamlReader.read(yaml);
    List<PolicyProblem> problems = new ArrayList<>(read.problems());
    boolean syntaxOk = read.root() != null || problems.isEmpty();
    Policy policy = syntaxOk ? PolicyBinder.bind(read.root(), problems) : null;
    problems.sort(Comparator.comparingInt(PolicyProblem::line)); // stable: same-line order kept
    return new Result(problems.isEmpty() ? policy : null, capped(problems));
  }

  private static List<PolicyProblem> capped(List<PolicyProblem> problems) {
    if (problems.size() <= MAX_PROBLEMS) {
      return problems;
    }
    List<PolicyProblem> first = new ArrayList<>(problems.subList(0, MAX_PROBLEMS));
    PolicyProblem next = problems.get(MAX_PROBLEMS);
    first.add(
        new PolicyProblem(
            next.line(),
            (problems.size() - MAX_PROBLEMS)
                + " more problems not shown; fix the ones above first"));
    return first;
  }
}
