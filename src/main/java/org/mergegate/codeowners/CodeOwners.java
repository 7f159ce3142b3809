package org.mergegate.codeowners;

import java.util.List;

/** A parsed CODEOWNERS file and its matcher. Immutable and safe to share between threads. */
public final class CodeOwners {
  /** Where GitLab looks for the file, in order; the first that exists wins. */
  public static final List<String> LOCATIONS =
      List.of("CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS");

  private CodeOwners() {}

  /**
   * Parses the text leniently, as GitLab does: a malformed line is skipped and reported in {@link
   * #problems()}, never thrown.
   */
  public static CodeOwners parse(String text) {
    throw new UnsupportedOperationException("TODO codeowners");
  }

  /** Sections in the order they first appear. */
  public List<Section> sections() {
    throw new UnsupportedOperationException("TODO codeowners");
  }

  /** Malformed lines, in line order; empty for a clean file. */
  public List<CodeOwnersProblem> problems() {
    throw new UnsupportedOperationException("TODO codeowners");
  }

  /**
   * The sections that own {@code path} (repository-relative, no leading slash), in section order,
   * each with its winning entry. Empty when nothing matches.
   */
  public List<SectionMatch> match(String path) {
    throw new UnsupportedOperationException("TODO codeowners");
  }
}
