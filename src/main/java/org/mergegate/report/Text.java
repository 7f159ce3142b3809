package org.mergegate.report;

import java.util.List;
import java.util.stream.Collectors;
import org.mergegate.review.Sha;

/**
 * Makes text from a verdict safe to show. Section names, patterns and paths come from the
 * repository, and changed paths from the MR author: a path holding an escape sequence or a newline
 * must not be able to recolour a CI log or forge a line such as "merge-gate: SATISFIED".
 */
final class Text {
  private Text() {}

  /**
   * The string with every control, format (e.g. bidi override) and line-separator character, lone
   * surrogate and XML-forbidden non-character spelled out as a Java-style escape (backslash, u,
   * four hex digits). The result is one line and is also valid XML 1.0 character data.
   */
  static String visible(String s) {
    if (s == null) {
      return "?";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int width = Character.charCount(cp);
      if (needsEscape(cp)) {
        if (out == null) {
          out = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        out.append(cp <= 0xFFFF ? String.format("\\u%04X", cp) : String.format("\\U%08X", cp));
      } else if (out != null) {
        out.appendCodePoint(cp);
      }
      i += width;
    }
    return out == null ? s : out.toString();
  }

  private static boolean needsEscape(int cp) {
    if (Character.isISOControl(cp) || cp == 0xFFFE || cp == 0xFFFF) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.FORMAT
        || type == Character.SURROGATE // only unpaired ones reach here: codePointAt joins pairs
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  /** A username as people read it, {@code @alice}; tolerant of a name already spelled with @. */
  static String handle(String username) {
    if (username == null || username.isEmpty()) {
      return "?";
    }
    return username.startsWith("@") ? visible(username) : "@" + visible(username);
  }

  /** {@code @a, @b}; the empty list reads as {@code empty}. */
  static String handles(List<String> usernames, String empty) {
    return usernames.isEmpty()
        ? empty
        : usernames.stream().map(Text::handle).collect(Collectors.joining(", "));
  }

  /** Owners exactly as written in CODEOWNERS (users, groups, roles, e-mail addresses). */
  static String owners(List<String> owners) {
    return owners.isEmpty()
        ? "none"
        : owners.stream().map(Text::visible).collect(Collectors.joining(" "));
  }

  /** "1 rule", "2 rules". */
  static String count(int n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }

  /** The first {@code cap} items, then "and N more", so a 5,000-file change stays readable. */
  static String capped(List<String> items, int cap) {
    String shown = items.stream().limit(cap).map(Text::visible).collect(Collectors.joining(", "));
    return items.size() > cap ? shown + " and " + (items.size() - cap) + " more" : shown;
  }

  /** A commit id shortened the way GitLab shows it. */
  static String shortSha(String sha) {
    if (sha == null || sha.isBlank()) {
      return "unknown";
    }
    return Sha.abbreviate(visible(sha));
  }
}
