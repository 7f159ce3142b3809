package org.mergegate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.mergegate.codeowners.Owner;
import org.mergegate.review.OwnerResolutions;
import org.mergegate.review.Resolution;

/**
 * One matched CODEOWNERS entry: met when its required number of distinct eligible owners approved.
 * The author is never an eligible owner, and an entry that nobody else can satisfy says so rather
 * than waiting forever.
 */
final class EntryRule {
  /**
   * @param result the entry as reported in the verdict
   * @param met whether its owners have approved enough
   * @param shortfall for an unmet entry, what to do about it as a clause of the section summary
   */
  record Outcome(RuleResult.EntryResult result, boolean met, String shortfall) {}

  private EntryRule() {}

  /**
   * @param approvers users whose approval counts for a CODEOWNERS rule (see {@link
   *     CountedApprovals#humans()}), lower-case
   * @param author the MR author, lower-case
   */
  static Outcome evaluate(
      OwnedPaths.EntryPaths filed,
      Set<String> approvers,
      String author,
      OwnerResolutions resolutions) {
    List<Owner> owners = filed.entry().owners();
    List<String> unresolved = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> pool = new TreeSet<>();
    for (Owner owner : owners) {
      Resolution resolution = resolutions.of(owner);
      if (!resolution.resolved()) {
        String problem = owner.raw() + " could not be resolved: " + resolution.problem();
        unresolved.add(problem);
        problems.add(problem);
        continue;
      }
      if (resolution.usernames().isEmpty()) {
        problems.add(owner.raw() + " has no eligible members");
      }
      resolution.usernames().forEach(u -> pool.add(CountedApprovals.normalise(u)));
    }
    boolean authorOwns = pool.remove(author);
    pool.remove("");

    int required = filed.approvalsRequired();
    List<String> approvedBy = pool.stream().filter(approvers::contains).toList();
    List<String> eligible = pool.stream().filter(u -> !approvers.contains(u)).toList();
    int missing = Math.max(0, required - approvedBy.size());
    boolean met = missing == 0;
    String name = Phrases.entry(filed.entry().pattern(), filed.entry().line());

    String shortfall = null;
    if (!met && pool.size() < required) {
      shortfall = whyImpossible(name, owners, pool, required, authorOwns, author, unresolved);
      problems.add(shortfall);
    } else if (!met) {
      shortfall =
          name
              + " needs "
              + Phrases.stillNeeded(missing, !approvedBy.isEmpty())
              + " from "
              + Phrases.anyOf(eligible);
    }
    RuleResult.EntryResult result =
        new RuleResult.EntryResult(
            filed.entry().pattern(),
            filed.entry().line(),
            owners.stream().map(Owner::raw).toList(),
            filed.paths(),
            approvedBy,
            missing,
            eligible,
            problems);
    return new Outcome(result, met, shortfall);
  }

  /** Why fewer owners can approve than the entry needs, naming the cause a person can fix. */
  private static String whyImpossible(
      String name,
      List<Owner> owners,
      Set<String> pool,
      int required,
      boolean authorOwns,
      String author,
      List<String> unresolved) {
    String because;
    if (owners.isEmpty()) {
      because = name + " names no owners";
    } else if (pool.isEmpty() && authorOwns) {
      because =
          "the only "
              + (unresolved.isEmpty() ? "owner" : "resolvable owner")
              + " of "
              + name
              + " is the author "
              + Phrases.mention(author);
    } else if (pool.isEmpty()) {
      because =
          unresolved.isEmpty()
              ? "no owner of " + name + " has an eligible member"
              : "no owner of " + name + " could be resolved";
    } else {
      because =
          name
              + " needs "
              + Phrases.approvals(required)
              + " but only "
              + Phrases.allOf(pool)
              + (pool.size() == 1 ? " is an eligible owner" : " are eligible owners")
              + (authorOwns ? " besides the author" : "");
    }
    if (!unresolved.isEmpty()) {
      List<String> shown = unresolved.subList(0, Math.min(2, unresolved.size()));
      int more = unresolved.size() - shown.size();
      because +=
          " (" + String.join("; ", shown) + (more > 0 ? "; and " + more + " more" : "") + ")";
    }
    return "cannot be satisfied: " + because;
  }
}
