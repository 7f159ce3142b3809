package org.mergegate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mergegate.codeowners.CodeOwners;
import org.mergegate.codeowners.Owner;
import org.mergegate.review.ChangedPath;
import org.mergegate.review.OwnerResolutions;
import org.mergegate.review.OwnerResolver;
import org.mergegate.review.ReviewFacts;

/**
 * Evaluates a policy against the facts of one merge request. Pure: no I/O, no clock.
 *
 * <p>The verdict holds the global {@code approvals} rule first, then one rule per CODEOWNERS
 * section that owns a changed path, in file order, then (with {@code requested_changes_block}) the
 * {@code requested changes} rule when any reviewer ever requested changes. Within a section every
 * winning entry must be met on its own, as GitLab creates one approval rule per matched entry.
 * Deliberate choices:
 *
 * <ul>
 *   <li>Usernames are compared case-insensitively and reported in lower case.
 *   <li>The author, blocked users, and approvals reset by a push never count; bots count only for
 *       the global rule and only with {@code count_bots} (resolved owners are humans by contract).
 *   <li>Both paths of a rename and the path of a deleted file are matched against CODEOWNERS.
 *   <li>An entry that cannot be satisfied (its only owner is the author, nobody resolves, fewer
 *       eligible owners than required, or no owners at all) is unmet and says why. GitLab would
 *       auto-approve an entry without owners; the gate fails closed instead.
 * </ul>
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * The owners named by the CODEOWNERS entries that the change matches: what an adapter must
   * resolve before calling {@link #evaluate}. Empty when {@code codeOwners} is {@code null}.
   */
  public static Set<Owner> ownersToResolve(CodeOwners codeOwners, List<ChangedPath> changes) {
    if (codeOwners == null) {
      return Set.of();
    }
    return OwnedPaths.owners(OwnedPaths.group(codeOwners, OwnedPaths.touched(changes)));
  }

  /**
   * The one sequence every command that judges a change follows, whatever supplies the facts:
   * resolve the owners the change touches, then evaluate.
   *
   * @param files the target's policy and CODEOWNERS, already {@link PolicyFiles#requireValid()}
   * @param owners looks up groups, roles and e-mails (GitLab, or a members file offline)
   */
  public static Verdict evaluate(PolicyFiles files, ReviewFacts facts, OwnerResolver owners) {
    Set<Owner> toResolve = ownersToResolve(files.codeOwners(), facts.changes());
    return evaluate(files.policy(), files.codeOwners(), facts, owners.resolve(toResolve));
  }

  /**
   * @param codeOwners the target branch's CODEOWNERS, or {@code null} when it has none
   * @param owners who each owner named by the matched entries resolves to; an owner missing from it
   *     counts as unresolvable
   */
  public static Verdict evaluate(
      Policy policy, CodeOwners codeOwners, ReviewFacts facts, OwnerResolutions owners) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(facts, "facts");
    if (facts.author() == null || facts.author().isBlank()) {
      // Without an author the gate cannot exclude the author's own approval: refuse to guess.
      throw new IllegalArgumentException("the merge request's author is unknown");
    }
    Objects.requireNonNull(owners, "owners");
    String author = CountedApprovals.normalise(facts.author());
    CountedApprovals counted = CountedApprovals.of(facts, policy.approvals());
    Set<String> paths = OwnedPaths.touched(facts.changes());

    List<RuleResult> rules = new ArrayList<>();
    rules.add(ApprovalsRule.evaluate(policy.approvals(), counted, author));
    if (codeOwners != null) {
      for (OwnedPaths.SectionPaths section : OwnedPaths.group(codeOwners, paths)) {
        rules.add(SectionRule.evaluate(section, counted.humans(), author, owners));
      }
    }
    if (policy.approvals().requestedChangesBlock()) {
      RuleResult requested =
          RequestedChangesRule.evaluate(facts.reviews(), facts.approvals(), author);
      if (requested != null) {
        rules.add(requested);
      }
    }
    boolean satisfied = rules.stream().allMatch(r -> r.met() || r.optional());
    return new Verdict(
        satisfied, facts.author(), facts.headSha(), paths.size(), rules, counted.ignored());
  }
}
