package org.mergegate.codeowners;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code [Name]}, {@code ^[Name][N] @owners} header line, read with the regular expressions of
 * GitLab's {@code Gitlab::CodeOwners::SectionParser}. GitLab anchors the header only at the start
 * of the line and silently ignores whatever its expression does not consume ({@code [Docs][x]} is
 * the section {@code Docs}); this parser does the same but reports the ignored text, because a
 * reader who wrote {@code [x]} meant something by it.
 *
 * @param name the name between the first pair of brackets, unmodified
 * @param optional the line starts with {@code ^}
 * @param approvals the {@code [N]} count, 0 when absent or unreadable (GitLab then requires 1)
 * @param defaultOwnersText the owner text GitLab captured after the header, stripped
 * @param problems what is wrong with the header; the header still counts when this is not empty
 */
record SectionHeader(
    String name, boolean optional, int approvals, String defaultOwnersText, List<String> problems) {

  // GitLab: /^(?<optional>\^)?\[(?<name>.*?)\](?:\[(?<approvals>\d*?)\])?
  //          (?<default_owners>\s+[@\w_.\-\/\s+]*)?/  (Ruby's '.' matches everything but \n)
  private static final Pattern HEADER =
      Pattern.compile(
          "^(\\^)?\\[(.*?)\\](?:\\[(\\d*?)\\])?(\\s+[@\\w_.\\-/\\s+]*)?", Pattern.DOTALL);
  // GitLab: /^(?<optional>\^)?\[[^\]]+?$/ - an opening bracket never closed.
  private static final Pattern UNCLOSED = Pattern.compile("^\\^?\\[[^\\]]+\\z", Pattern.DOTALL);

  /** The header on this (stripped) line, or null when the line is not a header. */
  static SectionHeader parse(String line) {
    Matcher m = HEADER.matcher(line);
    if (!m.lookingAt()) {
      return null;
    }
    List<String> problems = new ArrayList<>();
    boolean optional = m.group(1) != null;
    String name = m.group(2);
    String count = m.group(3);
    String owners = m.group(4) == null ? "" : RubyText.strip(m.group(4));
    String ignored = line.substring(m.end());

    if (RubyText.isBlank(name)) {
      problems.add("section header has no name");
    }
    int approvals = 0;
    if (count != null) {
      approvals = parseCount(count, problems);
    } else if (ignored.startsWith("[")) {
      problems.add(
          "invalid approval count "
              + clip(ignored)
              + " in section header: GitLab ignores it and requires 1 approval");
      ignored = "";
    }
    if (optional && approvals > 0) {
      problems.add("an optional section ^[" + name + "] cannot require approvals");
    }
    if (!owners.isEmpty() && !OwnerReferences.hasReference(owners)) {
      problems.add(
          "section default owners \""
              + clip(owners)
              + "\" name no @user, @group, @@role or e-mail address");
    }
    if (!ignored.isBlank()) {
      problems.add("text after the section header is ignored by GitLab: \"" + clip(ignored) + "\"");
    }
    return new SectionHeader(name, optional, approvals, owners, List.copyOf(problems));
  }

  /** True for a line GitLab rejects as a header and then reads as a pattern, e.g. {@code [Docs}. */
  static boolean isUnclosed(String line) {
    return UNCLOSED.matcher(line).matches();
  }

  private static int parseCount(String digits, List<String> problems) {
    if (digits.isEmpty() || digits.chars().allMatch(c -> c == '0')) {
      problems.add(
          "approval count [" + digits + "] must be at least 1: GitLab requires 1 approval");
      return 0;
    }
    String trimmed = digits.replaceFirst("^0+", "");
    if (trimmed.length() > 9) {
      problems.add("approval count [" + clip(digits) + "] is too large to ever be met");
      return Integer.MAX_VALUE;
    }
    return Integer.parseInt(trimmed);
  }

  /** Keeps one-line problem messages readable when a line is huge. */
  static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
