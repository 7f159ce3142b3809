package org.mergegate.codeowners;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CODEOWNERS text line by line as {@code Gitlab::CodeOwners::File#get_parsed_data} does.
 * Never throws: a bad line is reported and then treated the way GitLab treats it.
 *
 * <p>Two GitLab details shape the result. Entries are kept per section in a table keyed by the
 * normalised pattern, so a pattern written twice in a section keeps the place of its first line and
 * the owners of its last. And each entry carries the settings of the header it was written under,
 * so a repeated section header contributes its own {@code [N]}, {@code ^} and default owners to the
 * entries below it.
 */
final class CodeOwnersParser {
  /**
   * GitLab loads at most {@code Gitlab::Git::Blob::MAX_DATA_DISPLAY_SIZE} (10 MiB) of the file and
   * silently parses only that much; a larger file is refused here rather than half-read.
   */
  static final int MAX_BYTES = 10 * 1024 * 1024;

  /** One entry as the matcher needs it: where it ranks and what fnmatch sees. */
  record Rule(Entry entry, int section, int rank, String normalizedPattern) {}

  /** Everything parse produces. */
  record Result(
      List<Section> sections,
      List<CodeOwnersProblem> problems,
      List<Rule> rules,
      Map<Integer, Integer> approvalsByLine) {}

  private final LinkedHashMap<String, Draft> drafts = new LinkedHashMap<>();
  private final List<CodeOwnersProblem> problems = new ArrayList<>();
  private String lastSectionName = Section.IMPLICIT;
  private Header current = new Header(Section.IMPLICIT, false, 0, "");

  private CodeOwnersParser() {
    drafts.put(Section.IMPLICIT, new Draft(Section.IMPLICIT, 0, current, List.of()));
  }

  static Result parse(String text) {
    CodeOwnersParser parser = new CodeOwnersParser();
    if (text == null) {
      parser.problem(0, "no CODEOWNERS text");
    } else if (!parser.refuseWholeFile(text)) {
      parser.readLines(text);
    }
    return parser.result();
  }

  /** The header an entry was written under (GitLab's {@code Section} object). */
  private record Header(String name, boolean optional, int approvals, String defaultOwnersText) {}

  /** An entry with the header it came from. */
  private record Written(Entry entry, Header header, String normalizedPattern) {}

  /** A section being built: the first header's spelling and settings, entries by pattern. */
  private static final class Draft {
    final String name;
    final int line;
    final Header first;
    final List<Owner> defaultOwners;
    final LinkedHashMap<String, Written> entries = new LinkedHashMap<>();

    Draft(String name, int line, Header first, List<Owner> defaultOwners) {
      this.name = name;
      this.line = line;
      this.first = first;
      this.defaultOwners = defaultOwners;
    }
  }

  private boolean refuseWholeFile(String text) {
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      problem(
          lineOf(text, nul),
          "contains a NUL byte: GitLab treats a binary CODEOWNERS file as empty, so none of it"
              + " applies");
      return true;
    }
    long bytes = text.length() > MAX_BYTES ? text.length() : utf8Length(text);
    if (bytes > MAX_BYTES) {
      problem(
          0,
          "is larger than 10 MiB (at least "
              + bytes
              + " bytes): GitLab reads only the first 10 MiB, so the file is not parsed");
      return true;
    }
    return false;
  }

  private void readLines(String text) {
    int lineNumber = 0;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNumber++;
      readLine(RubyText.strip(text.substring(start, end)), lineNumber);
      start = end + 1;
    }
  }

  private void readLine(String line, int number) {
    if (RubyText.isBlank(line) || line.startsWith("#")) {
      return;
    }
    SectionHeader header = SectionHeader.parse(line);
    if (header != null) {
      header.problems().forEach(p -> problem(number, p));
      startSection(header, number);
      return;
    }
    if (SectionHeader.isUnclosed(line)) {
      problem(
          number,
          "unparsable section header \""
              + SectionHeader.clip(line)
              + "\": GitLab reads the line as a pattern and its owners");
    }
    readEntry(line, number);
  }

  private void startSection(SectionHeader h, int number) {
    String name = resolveName(h.name());
    current = new Header(name, h.optional(), h.approvals(), h.defaultOwnersText());
    if (!drafts.containsKey(name)) {
      drafts.put(
          name, new Draft(name, number, current, OwnerReferences.extract(h.defaultOwnersText())));
      lastSectionName = name;
    }
  }

  /**
   * GitLab's {@code find_section_name}: until a named section exists the name is taken as written;
   * after that, the first existing section whose name equals it ignoring case (the implicit {@code
   * codeowners} section included) absorbs it.
   */
  private String resolveName(String name) {
    if (lastSectionName.equals(Section.IMPLICIT)) {
      return name;
    }
    for (String existing : drafts.keySet()) {
      if (existing.equalsIgnoreCase(name)) {
        return existing;
      }
    }
    return name;
  }

  private void readEntry(String line, int number) {
    int split = unescapedWhitespace(line);
    String pattern = split < 0 ? line : line.substring(0, split);
    String ownersText = "";
    if (split >= 0) {
      int rest = split;
      while (rest < line.length() && RubyText.isSpace(line.charAt(rest))) {
        rest++;
      }
      ownersText = line.substring(rest);
    }
    boolean exclusion = pattern.startsWith("!");
    if (exclusion) {
      pattern = pattern.substring(1);
    }
    List<Owner> owners = exclusion ? List.of() : owners(pattern, ownersText, number);
    Entry entry = new Entry(GitLabPattern.unescape(pattern), owners, number, exclusion);
    String normalized = GitLabPattern.normalize(pattern);
    // Same key again: the value is replaced but keeps its place, as in a Ruby Hash.
    drafts.get(current.name()).entries.put(normalized, new Written(entry, current, normalized));
  }

  private List<Owner> owners(String pattern, String ownersText, int number) {
    List<String> malformed = new ArrayList<>();
    for (String word : RubyText.words(ownersText)) {
      if (!OwnerReferences.hasReference(word)) {
        malformed.add(word);
      }
    }
    String text = RubyText.isBlank(ownersText) ? current.defaultOwnersText() : ownersText;
    List<Owner> owners = OwnerReferences.extract(text);
    if (!malformed.isEmpty()) {
      problem(
          number,
          "malformed owner "
              + SectionHeader.clip(String.join(" ", malformed))
              + ": not an @user, @group, @@role or e-mail address; GitLab ignores it"
              + (owners.isEmpty()
                  ? ", leaving \"" + SectionHeader.clip(pattern) + "\" with no owners"
                  : ""));
    }
    if (RubyText.isBlank(text)) {
      problem(
          number,
          "\""
              + SectionHeader.clip(pattern)
              + "\" has no owners and its section has no default owners");
    }
    return owners;
  }

  /** GitLab splits pattern from owners at the first white space not preceded by a backslash. */
  private static int unescapedWhitespace(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (RubyText.isSpace(line.charAt(i)) && (i == 0 || line.charAt(i - 1) != '\\')) {
        return i;
      }
    }
    return -1;
  }

  private Result result() {
    List<Section> sections = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    Map<Integer, Integer> approvalsByLine = new HashMap<>();
    for (Draft d : drafts.values()) {
      if (d.name.equals(Section.IMPLICIT) && d.entries.isEmpty()) {
        continue; // nothing was written outside a named section
      }
      List<Entry> entries = new ArrayList<>();
      boolean allOptional = !d.entries.isEmpty();
      for (Written w : d.entries.values()) {
        entries.add(w.entry());
        allOptional &= w.header().optional();
        approvalsByLine.put(w.entry().line(), Math.max(1, w.header().approvals()));
      }
      // GitLab: a section is optional only when every entry in it came from a ^[...] header.
      boolean optional = d.entries.isEmpty() ? d.first.optional() : allOptional;
      int index = sections.size();
      sections.add(
          new Section(
              d.name,
              Math.max(1, d.first.approvals()),
              optional,
              d.defaultOwners,
              entries,
              d.line));
      int rank = 0;
      for (Written w : d.entries.values()) {
        rules.add(new Rule(w.entry(), index, rank++, w.normalizedPattern()));
      }
    }
    return new Result(List.copyOf(sections), List.copyOf(problems), rules, approvalsByLine);
  }

  private void problem(int line, String message) {
    problems.add(new CodeOwnersProblem(line, message));
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The UTF-8 size of the text, without encoding it: GitLab's limit is in bytes. */
  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }
}
