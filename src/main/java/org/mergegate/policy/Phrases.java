package org.mergegate.policy;

import java.util.Collection;
import java.util.List;
import org.mergegate.review.Sha;

/** The few English phrases every rule summary is built from, so summaries read alike. */
final class Phrases {
  /** Names listed before the rest are counted: a summary must stay one readable line. */
  static final int MAX_NAMES = 5;

  private Phrases() {}

  /** "@a", "@a or @b", "@a, @b or @c", "@a, @b, @c, @d, @e or 3 others". */
  static String anyOf(Collection<String> usernames) {
    return list(usernames, "or");
  }

  /** "@a", "@a and @b", "@a, @b and @c", "@a, @b, @c, @d, @e and 3 others". */
  static String allOf(Collection<String> usernames) {
    return list(usernames, "and");
  }

  /** "1 approval", "2 approvals". */
  static String approvals(int count) {
    return count + (count == 1 ? " approval" : " approvals");
  }

  /** "2 approvals" when none were given yet, "1 more approval" once some were. */
  static String stillNeeded(int missing, boolean someGiven) {
    return someGiven
        ? missing + " more " + (missing == 1 ? "approval" : "approvals")
        : approvals(missing);
  }

  static String mention(String username) {
    return "@" + username;
  }

  /** "/docs/ (line 4)": how an entry is named to a person looking at CODEOWNERS. */
  static String entry(String pattern, int line) {
    return pattern + " (line " + line + ")";
  }

  /** The first eight characters, as GitLab shows a commit's short id. */
  static String shortSha(String sha) {
    if (sha == null || sha.isBlank()) {
      return "an unknown commit";
    }
    return Sha.abbreviate(sha);
  }

  private static String list(Collection<String> usernames, String conjunction) {
    List<String> names = usernames.stream().map(Phrases::mention).toList();
    if (names.size() <= 1) {
      return names.isEmpty() ? "nobody" : names.get(0);
    }
    if (names.size() > MAX_NAMES) {
      int others = names.size() - MAX_NAMES;
      return String.join(", ", names.subList(0, MAX_NAMES))
          + " "
          + conjunction
          + " "
          + others
          + (others == 1 ? " other" : " others");
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " "
        + conjunction
        + " "
        + names.get(names.size() - 1);
  }
}
