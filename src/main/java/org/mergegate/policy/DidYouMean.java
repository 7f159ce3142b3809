package org.mergegate.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Suggests the known key a typo most likely meant, so an error message says how to fix it. */
final class DidYouMean {
  private static final int MAX_LENGTH = 64;

  private DidYouMean() {}

  /** The closest candidate within a few edits of {@code typed}, if any is close enough. */
  static Optional<String> suggest(String typed, List<String> candidates) {
    if (typed.length() > MAX_LENGTH) {
      return Optional.empty(); // nobody mistypes a key that long; don't spend quadratic time on it
    }
    String normalised = normalise(typed);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(normalised, normalise(candidate));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    // A third of the word, at least 2 edits: catches 'aproval' and 'reset_on_pusj', not 'labels'
    // for 'allowed'.
    int tolerance = Math.max(2, normalised.length() / 3);
    return bestDistance <= tolerance ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Case and the choice of '-', '_' or ' ' between words are the commonest slips. */
  private static String normalise(String key) {
    return key.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
