package org.mergegate.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mergegate.review.Approval;
import org.mergegate.review.ReviewFacts;

/**
 * Which approvals count, sorted out once for every rule: never the author's, never a blocked
 * user's, never one reset by a later push, and a bot's only for the global rule with {@code
 * count_bots}. A user who approved twice counts once. Usernames are compared and reported in lower
 * case, as GitLab treats them case-insensitively.
 *
 * @param humans active non-bot users other than the author whose approval stands, sorted; the only
 *     approvals a CODEOWNERS rule accepts
 * @param bots bot users whose approval stands and counts for the global rule ({@code count_bots});
 *     empty otherwise
 * @param ignored users none of whose approvals counted anywhere, sorted, with the reason
 */
record CountedApprovals(
    Set<String> humans, Set<String> bots, List<Verdict.IgnoredApproval> ignored) {
  CountedApprovals {
    humans = Collections.unmodifiableSet(new TreeSet<>(humans));
    bots = Collections.unmodifiableSet(new TreeSet<>(bots));
    ignored = List.copyOf(ignored);
  }

  static CountedApprovals of(ReviewFacts facts, Policy.Approvals policy) {
    String author = normalise(facts.author());
    PushHistory pushes = new PushHistory(facts.versions());
    Set<String> humans = new TreeSet<>();
    Set<String> bots = new TreeSet<>();
    // The last listed reason per user is reported; a user with any counting approval is not.
    Map<String, String> whyNot = new LinkedHashMap<>();
    for (Approval approval : facts.approvals()) {
      if (approval == null) {
        continue;
      }
      String user = normalise(approval.username());
      String reason = whyNotCounted(approval, user, author, policy, pushes);
      if (reason != null) {
        whyNot.put(user, reason);
      } else if (approval.bot()) {
        bots.add(user);
      } else {
        humans.add(user);
      }
    }
    Map<String, String> ignored = new TreeMap<>(whyNot);
    ignored.keySet().removeAll(humans);
    ignored.keySet().removeAll(bots);
    List<Verdict.IgnoredApproval> list = new ArrayList<>();
    ignored.forEach((user, reason) -> list.add(new Verdict.IgnoredApproval(user, reason)));
    return new CountedApprovals(humans, bots, list);
  }

  /** Everyone whose approval counts for the global approvals rule. */
  Set<String> forApprovalsRule() {
    Set<String> all = new TreeSet<>(humans);
    all.addAll(bots);
    return all;
  }

  private static String whyNotCounted(
      Approval approval, String user, String author, Policy.Approvals policy, PushHistory pushes) {
    if (user.isEmpty()) {
      return "has no username";
    }
    if (user.equals(author)) {
      return "is the author";
    }
    if (!approval.active()) {
      return "is blocked or deactivated";
    }
    if (approval.bot() && !policy.countBots()) {
      return "is a bot (count_bots is false)";
    }
    return policy.resetOnPush() ? pushes.resetReason(approval.approvedAt()) : null;
  }

  static String normalise(String username) {
    return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
  }
}
