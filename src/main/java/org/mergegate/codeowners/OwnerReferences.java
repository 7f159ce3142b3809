package org.mergegate.codeowners;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds owner references in text the way GitLab's {@code Gitlab::CodeOwners::ReferenceExtractor}
 * does: e-mail addresses, {@code @name} or {@code @group/sub} references, and {@code @@role}
 * tokens, anywhere in the text. Anything else is not a reference.
 *
 * <p>Hand-written scanners rather than {@link java.util.regex.Pattern}: GitLab's regexps are cheap
 * in Ruby but a repeated group such as {@code (segment/)*} recurses per repetition in Java and
 * could overflow the stack on a hostile line.
 */
final class OwnerReferences {
  private static final int EMAIL_LOCAL_MAX = 100;
  private static final int EMAIL_DOMAIN_MAX = 255;
  private static final List<String> ROLES = List.of("developer", "maintainer", "owner");

  private OwnerReferences() {}

  /** True when the text holds at least one reference (GitLab: {@code references.present?}). */
  static boolean hasReference(String text) {
    return !extract(text).isEmpty();
  }

  /** The distinct owners referenced in the text, in the order they are written. */
  static List<Owner> extract(String text) {
    List<Found> found = new ArrayList<>();
    emails(text, found);
    names(text, found);
    roles(text, found);
    found.sort(Comparator.comparingInt(Found::at));
    Set<Owner> owners = new LinkedHashSet<>();
    for (Found f : found) {
      owners.add(f.owner());
    }
    return List.copyOf(owners);
  }

  private record Found(int at, Owner owner) {}

  /** {@code [^@\s]{1,100}@[^@\s]{1,255}(?<!\W)}, scanned left to right. */
  private static void emails(String t, List<Found> out) {
    int from = 0;
    int at;
    while ((at = t.indexOf('@', from)) >= 0) {
      int start = at;
      while (start > from && isEmailChar(t.charAt(start - 1))) {
        start--;
      }
      start = Math.max(start, at - EMAIL_LOCAL_MAX);
      int end = at + 1;
      while (end < t.length() && end - at - 1 < EMAIL_DOMAIN_MAX && isEmailChar(t.charAt(end))) {
        end++;
      }
      while (end > at + 1 && !RubyText.isWord(t.charAt(end - 1))) {
        end--; // the address must end on a word character
      }
      if (start < at && end > at + 1) {
        String email = t.substring(start, end);
        out.add(new Found(start, new Owner(Owner.Kind.EMAIL, email, email)));
        from = end;
      } else {
        from = at + 1;
      }
    }
  }

  private static boolean isEmailChar(char c) {
    return c != '@' && !RubyText.isSpace(c);
  }

  /**
   * {@code (?<![\w@])@(?<user>FULL_NAMESPACE_FORMAT_REGEX)}: a path of one or more namespace
   * segments separated by {@code /}. A name with a slash can only be a group; a bare name may be a
   * user or a group (GitLab checks both), and is reported as a user.
   */
  private static void names(String t, List<Found> out) {
    int from = 0;
    int at;
    while ((at = t.indexOf('@', from)) >= 0) {
      boolean preceded = at > 0 && (RubyText.isWord(t.charAt(at - 1)) || t.charAt(at - 1) == '@');
      int end = preceded ? -1 : namespacePathEnd(t, at + 1);
      if (end > at + 1) {
        String name = t.substring(at + 1, end);
        Owner.Kind kind = name.indexOf('/') >= 0 ? Owner.Kind.GROUP : Owner.Kind.USER;
        out.add(new Found(at, new Owner(kind, name, t.substring(at, end))));
        from = end;
      } else {
        from = at + 1;
      }
    }
  }

  /**
   * Where the greedy {@code (SEG/)*SEG} match starting at {@code start} ends, or -1. A segment
   * followed by {@code /} must be a whole run of path characters; the last one is the longest valid
   * prefix of its run (the regexp backtracks to it).
   */
  private static int namespacePathEnd(String t, int start) {
    int lastWholeEnd = -1; // end of the last "SEG/" iteration's segment
    int p = start;
    while (true) {
      int runEnd = runEnd(t, p);
      if (runEnd < t.length() && t.charAt(runEnd) == '/' && isSegment(t, p, runEnd)) {
        lastWholeEnd = runEnd;
        p = runEnd + 1;
        continue;
      }
      int prefixEnd = longestSegmentPrefix(t, p, runEnd);
      return prefixEnd > 0 ? prefixEnd : lastWholeEnd;
    }
  }

  private static int runEnd(String t, int p) {
    while (p < t.length() && isPathChar(t.charAt(p))) {
      p++;
    }
    return p;
  }

  private static int longestSegmentPrefix(String t, int start, int runEnd) {
    for (int end = runEnd; end > start; end--) {
      if (isSegment(t, start, end)) {
        return end;
      }
    }
    return -1;
  }

  /**
   * {@code (?:[a-zA-Z0-9_.][a-zA-Z0-9_\-.]*[a-zA-Z0-9_\-]|[a-zA-Z0-9_])(?<!\.git|\.atom)} over
   * exactly {@code t[start, end)}, whose characters are all path characters.
   */
  private static boolean isSegment(String t, int start, int end) {
    int length = end - start;
    if (length <= 0) {
      return false;
    }
    char first = t.charAt(start);
    char last = t.charAt(end - 1);
    if (length == 1) {
      return RubyText.isWord(first);
    }
    if (first == '-' || last == '.') {
      return false;
    }
    String segment = t.substring(start, end);
    return !segment.endsWith(".git") && !segment.endsWith(".atom");
  }

  private static boolean isPathChar(char c) {
    return RubyText.isWord(c) || c == '-' || c == '.';
  }

  /** {@code (?:^|\s)@@role s?(\s|$)}, case-insensitive, for each of the three roles. */
  private static void roles(String t, List<Found> out) {
    for (String role : ROLES) {
      String token = "@@" + role;
      for (int at = t.indexOf("@@"); at >= 0; at = t.indexOf("@@", at + 1)) {
        if ((at > 0 && !RubyText.isSpace(t.charAt(at - 1)))
            || !t.regionMatches(true, at, token, 0, token.length())) {
          continue;
        }
        int end = at + token.length();
        if (end < t.length() && (t.charAt(end) == 's' || t.charAt(end) == 'S')) {
          if (end + 1 == t.length() || RubyText.isSpace(t.charAt(end + 1))) {
            end++;
          }
        }
        if (end == t.length() || RubyText.isSpace(t.charAt(end))) {
          out.add(new Found(at, new Owner(Owner.Kind.ROLE, role, t.substring(at, end))));
          break; // GitLab records each role once
        }
      }
    }
  }
}
