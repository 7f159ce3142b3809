package org.mergegate.codeowners;

/**
 * How GitLab rewrites a CODEOWNERS pattern before handing it to fnmatch ({@code
 * Gitlab::CodeOwners::File#normalize_pattern}). Paths are matched with a leading {@code /} added,
 * so every normalised pattern starts with {@code /}:
 *
 * <ul>
 *   <li>{@code *} alone becomes {@code /**}{@code /*} (every file);
 *   <li>a leading {@code \#} becomes {@code #}, and a backslash before white space becomes one
 *       space;
 *   <li>a pattern not starting with {@code /} gets {@code /**}{@code /} in front (any depth);
 *   <li>a pattern ending with {@code /} gets {@code **}{@code /*} appended (everything below).
 * </ul>
 *
 * So {@code docs/} owns everything under any {@code docs} directory, {@code /docs/*} only the files
 * directly in {@code docs}, and a bare {@code docs} only a file named {@code docs}.
 */
final class GitLabPattern {
  private GitLabPattern() {}

  /** The pattern with GitLab's two escapes resolved, as {@link Entry#pattern()} shows it. */
  static String unescape(String pattern) {
    String p = pattern.startsWith("\\#") ? pattern.substring(1) : pattern;
    return p.replaceAll("\\\\[ \\t\\n\\x0B\\f\\r]+", " ");
  }

  /** The pattern fnmatch sees. */
  static String normalize(String pattern) {
    if (pattern.equals("*")) {
      return "/**/*";
    }
    String p = unescape(pattern);
    if (!p.startsWith("/")) {
      p = "/**/" + p;
    }
    if (p.endsWith("/")) {
      p = p + "**/*";
    }
    return p;
  }
}
