package org.mergegate.codeowners;

import java.util.List;
import java.util.Map;

/**
 * A parsed CODEOWNERS file and its matcher, read exactly as GitLab reads it. Immutable and safe to
 * share between threads.
 *
 * <p>GitLab behaviour kept on purpose (from {@code ee/lib/gitlab/code_owners/file.rb} and {@code
 * section_parser.rb}):
 *
 * <ul>
 *   <li>A pattern written twice in one section (after normalisation, and counting duplicate section
 *       headers as one section) keeps the place of its first line and the owners of its last;
 *       {@link Section#entries()} lists the section's patterns that way, which is the order "the
 *       last matching entry wins" applies to.
 *   <li>Any matching exclusion drops the path from its section, whether it is written before or
 *       after the entries that match.
 *   <li>Entries carry the settings of the header they were written under: a later {@code [Docs][3]}
 *       merged into an earlier {@code [Docs]} makes its own entries need 3 approvals (see {@link
 *       #approvalsRequired(SectionMatch)}), and its default owners apply to its own entries only.
 *       {@link Section#approvalsRequired()} and {@link Section#defaultOwners()} are the first
 *       header's; a section is optional only when every entry in it was written under {@code ^}.
 *   <li>An entry with no owners still wins its paths (GitLab then auto-approves the rule); it is
 *       also reported in {@link #problems()}.
 * </ul>
 */
public final class CodeOwners {
  /** Where GitLab looks for the file, in order; the first that exists wins. */
  public static final List<String> LOCATIONS =
      List.of("CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS");

  /** Larger files are refused with one problem: GitLab itself reads only the first 10 MiB. */
  public static final int MAX_BYTES = CodeOwnersParser.MAX_BYTES;

  private final List<Section> sections;
  private final List<CodeOwnersProblem> problems;
  private final Map<Integer, Integer> approvalsByLine;
  private final PathMatcher matcher;

  private CodeOwners(CodeOwnersParser.Result parsed) {
    this.sections = parsed.sections();
    this.problems = parsed.problems();
    this.approvalsByLine = Map.copyOf(parsed.approvalsByLine());
    this.matcher = new PathMatcher(sections, parsed.rules());
  }

  /**
   * Parses the text leniently, as GitLab does: a malformed line is skipped or read the way GitLab
   * reads it, and reported in {@link #problems()}, never thrown. A text with a NUL character
   * (GitLab treats the blob as binary, hence empty) or over {@link #MAX_BYTES} UTF-8 bytes yields
   * no sections and one problem.
   */
  public static CodeOwners parse(String text) {
    return new CodeOwners(CodeOwnersParser.parse(text));
  }

  /**
   * Sections in the order they first appear. The implicit section {@link Section#IMPLICIT} comes
   * first when anything is written before the first header, and is absent otherwise.
   */
  public List<Section> sections() {
    return sections;
  }

  /**
   * Malformed lines, in line order; empty for a clean file. Line 0 means the whole file (too large,
   * or no text at all).
   */
  public List<CodeOwnersProblem> problems() {
    return problems;
  }

  /**
   * The sections that own {@code path} (repository-relative, no leading slash), in section order,
   * each with its winning entry. Empty when nothing matches.
   *
   * <p>The path is matched literally, character by character, as GitLab matches the paths of a
   * diff: no {@code ..}, {@code .} or {@code //} normalisation (git never produces such paths, and
   * guessing what one means could move it out from under its owners), a newline or NUL is an
   * ordinary character, and a leading {@code /} is accepted and ignored as GitLab does. A null path
   * matches nothing. Never throws.
   */
  public List<SectionMatch> match(String path) {
    return matcher.match(path);
  }

  /**
   * The approvals GitLab requires for this match's rule: the {@code [N]} of the header the winning
   * entry was written under, at least 1. Differs from {@code match.section().approvalsRequired()}
   * only when duplicate headers of one section give different counts. Whether the section is
   * optional is {@code match.section().optional()}.
   */
  public int approvalsRequired(SectionMatch match) {
    return approvalsByLine.getOrDefault(match.entry().line(), match.section().approvalsRequired());
  }
}
