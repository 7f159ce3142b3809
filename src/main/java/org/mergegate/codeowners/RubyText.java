package org.mergegate.codeowners;

/**
 * The few Ruby and ActiveSupport string notions GitLab's parser relies on, so that "whitespace" and
 * "blank" mean here exactly what they mean there.
 */
final class RubyText {
  private RubyText() {}

  /** Ruby regexp {@code \s}: ASCII space, tab, LF, VT, FF, CR. */
  static boolean isSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  /** Ruby {@code \w}: ASCII letters, digits and underscore. */
  static boolean isWord(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** {@code String#strip}: removes leading and trailing NUL and ASCII whitespace. */
  static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isStripped(s.charAt(start))) {
      start++;
    }
    while (end > start && isStripped(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isStripped(char c) {
    return c == 0 || isSpace(c);
  }

  /** ActiveSupport {@code blank?}: empty or only Unicode white space ({@code [[:space:]]}). */
  static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isUnicodeSpace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUnicodeSpace(char c) {
    return isSpace(c)
        || c == '\u0085'
        || c == '\u00A0'
        || c == '\u1680'
        || (c >= '\u2000' && c <= '\u200A')
        || c == '\u2028'
        || c == '\u2029'
        || c == '\u202F'
        || c == '\u205F'
        || c == '\u3000';
  }

  /** {@code String#split} with no argument: runs of ASCII whitespace separate the words. */
  static String[] words(String s) {
    String trimmed = strip(s);
    return trimmed.isEmpty() ? new String[0] : trimmed.split("[ \\t\\n\\x0B\\f\\r]+");
  }
}
