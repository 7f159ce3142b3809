package org.mergegate.codeowners;

/**
 * Ruby's {@code File.fnmatch?(pattern, path, File::FNM_DOTMATCH | File::FNM_PATHNAME)}, which is
 * what GitLab matches CODEOWNERS patterns with. A line-for-line port of {@code fnmatch} and {@code
 * fnmatch_helper} in Ruby's {@code dir.c}, so the corner cases agree with GitLab's rather than with
 * gitignore's or Java's glob:
 *
 * <ul>
 *   <li>{@code *}, {@code ?} and {@code [...]} never match {@code /};
 *   <li>{@code **}{@code /} at the start of a segment matches zero or more whole directories; any
 *       other {@code **} (such as a trailing {@code /docs/**}) is just {@code *};
 *   <li>a leading dot is an ordinary character (FNM_DOTMATCH);
 *   <li>{@code \} escapes the next character; {@code [!...]} and {@code [^...]} negate; an unclosed
 *       {@code [} never matches;
 *   <li>matching is case-sensitive.
 * </ul>
 *
 * Works on code points, as Ruby does on UTF-8 strings. Where C relies on the terminating NUL this
 * port uses explicit lengths, so a NUL inside a string is an ordinary character and nothing can run
 * off the end of an array.
 */
final class Fnmatch {
  private static final int END = -1;
  private static final long NO_MATCH = 1L << 62;

  private Fnmatch() {}

  static boolean matches(String pattern, String path) {
    return matches(pattern.codePoints().toArray(), path.codePoints().toArray());
  }

  /**
   * False when the pattern has a {@code [} that fnmatch can never close. Such a bracket matches no
   * character, and every token must be matched for the pattern to match, so the pattern matches
   * nothing; knowing it up front spares a rescan of the rest of the line at every backtrack, which
   * is quadratic on a long unparsable header such as {@code [Section name ...}.
   */
  static boolean canMatchAnything(int[] p) {
    int i = 0;
    while (i < p.length) {
      if (p[i] == '\\') {
        i += 2;
      } else if (p[i] == '[') {
        int end = bracketEnd(p, i + 1);
        if (end < 0) {
          return false;
        }
        i = end;
      } else {
        i++;
      }
    }
    return true;
  }

  /** Where a class starting after '[' at {@code pi} ends, or -1 if never closed. */
  private static int bracketEnd(int[] p, int pi) {
    if (pi >= p.length) {
      return -1;
    }
    if (p[pi] == '!' || p[pi] == '^') {
      pi++;
    }
    while (at(p, pi) != ']') {
      int t1 = pi;
      if (at(p, t1) == '\\') {
        t1++;
      }
      if (t1 >= p.length) {
        return -1;
      }
      pi = t1 + 1;
      if (pi >= p.length) {
        return -1;
      }
      if (p[pi] == '-' && at(p, pi + 1) != ']') {
        int t2 = pi + 1;
        if (at(p, t2) == '\\') {
          t2++;
        }
        if (t2 >= p.length) {
          return -1;
        }
        pi = t2 + 1;
      }
    }
    return pi + 1;
  }

  /** {@code fnmatch} with FNM_PATHNAME: segment by segment, retrying {@code **}{@code /}. */
  static boolean matches(int[] p, int[] s) {
    int pi = 0;
    int si = 0;
    int ptmp = -1;
    int stmp = -1;
    while (true) {
      if (at(p, pi) == '*' && at(p, pi + 1) == '*' && at(p, pi + 2) == '/') {
        do {
          pi += 3;
        } while (at(p, pi) == '*' && at(p, pi + 1) == '*' && at(p, pi + 2) == '/');
        ptmp = pi;
        stmp = si;
      }
      long r = helper(p, pi, s, si);
      pi = patternIndex(r);
      si = stringIndex(r);
      if ((r & NO_MATCH) == 0) {
        while (si < s.length && s[si] != '/') {
          si++;
        }
        if (pi < p.length && si < s.length) {
          pi++;
          si++;
          continue;
        }
        if (pi >= p.length && si >= s.length) {
          return true;
        }
      }
      // Failed: let the last "**/" swallow one more directory and retry from there.
      if (ptmp >= 0 && stmp >= 0) {
        while (stmp < s.length && s[stmp] != '/') {
          stmp++;
        }
        if (stmp < s.length) {
          pi = ptmp;
          stmp++;
          si = stmp;
          continue;
        }
      }
      return false;
    }
  }

  /** {@code fnmatch_helper}: matches one segment; returns where it stopped in both strings. */
  private static long helper(int[] p, int pi, int[] s, int si) {
    int ptmp = -1;
    int stmp = -1;
    while (true) {
      int c = at(p, pi);
      if (c == '*') {
        do {
          pi++;
        } while (at(p, pi) == '*');
        if (isEnd(p, unescape(p, pi))) {
          return result(unescape(p, pi), si, true);
        }
        if (isEnd(s, si)) {
          return result(pi, si, false);
        }
        ptmp = pi;
        stmp = si;
        continue;
      }
      boolean failed;
      if (c == '?') {
        if (isEnd(s, si)) {
          return result(pi, si, false);
        }
        pi++;
        si++;
        continue;
      } else if (c == '[') {
        if (isEnd(s, si)) {
          return result(pi, si, false);
        }
        int t = bracket(p, pi + 1, s[si]);
        if (t >= 0) {
          pi = t;
          si++;
          continue;
        }
        failed = true;
      } else {
        pi = unescape(p, pi);
        if (isEnd(s, si)) {
          return result(pi, si, isEnd(p, pi));
        }
        if (isEnd(p, pi)) {
          failed = true;
        } else if (p[pi] == s[si]) {
          pi++;
          si++;
          continue;
        } else {
          failed = true;
        }
      }
      if (failed && ptmp >= 0 && stmp >= 0) {
        // Let the last '*' take one more character.
        pi = ptmp;
        stmp++;
        si = stmp;
        continue;
      }
      return result(pi, si, false);
    }
  }

  /**
   * {@code bracket}: {@code pi} is just after '['. Returns the index after the closing ']' when
   * {@code c} is in the class, else -1 (also for an unclosed class).
   */
  private static int bracket(int[] p, int pi, int c) {
    if (pi >= p.length) {
      return -1;
    }
    boolean not = false;
    boolean ok = false;
    if (p[pi] == '!' || p[pi] == '^') {
      not = true;
      pi++;
    }
    while (at(p, pi) != ']') {
      int t1 = pi;
      if (at(p, t1) == '\\') {
        t1++;
      }
      if (t1 >= p.length) {
        return -1;
      }
      pi = t1 + 1;
      if (pi >= p.length) {
        return -1;
      }
      if (p[pi] == '-' && at(p, pi + 1) != ']') {
        int t2 = pi + 1;
        if (at(p, t2) == '\\') {
          t2++;
        }
        if (t2 >= p.length) {
          return -1;
        }
        pi = t2 + 1;
        if (ok) {
          continue;
        }
        if (c == p[t1] || c == p[t2]) {
          ok = true;
          continue;
        }
        if (c < p[t1] || c > p[t2]) {
          continue;
        }
        ok = true;
      } else {
        if (!ok && p[t1] == c) {
          ok = true;
        }
      }
    }
    return ok == not ? -1 : pi + 1;
  }

  private static int at(int[] a, int i) {
    return i < a.length ? a[i] : END;
  }

  /** ISEND with FNM_PATHNAME: the end of the string or of the current segment. */
  private static boolean isEnd(int[] a, int i) {
    return i >= a.length || a[i] == '/';
  }

  private static int unescape(int[] p, int pi) {
    return at(p, pi) == '\\' ? pi + 1 : pi;
  }

  private static long result(int pi, int si, boolean matched) {
    return (matched ? 0 : NO_MATCH) | ((long) si << 31) | pi;
  }

  private static int patternIndex(long r) {
    return (int) (r & 0x7FFF_FFFFL);
  }

  private static int stringIndex(long r) {
    return (int) ((r >>> 31) & 0x7FFF_FFFFL);
  }
}
