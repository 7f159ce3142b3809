package org.mergegate.review;

import java.util.Optional;

/**
 * Read access to the files of one fixed revision: the target branch's head in GitLab, a git
 * revision or a plain directory locally. The policy and CODEOWNERS are always read through this,
 * never from the merge request's own checkout.
 */
public interface RepositoryFiles {
  /**
   * The file's bytes, or empty when it does not exist at this revision.
   *
   * @throws org.mergegate.exit.GateException when the source cannot answer (exit 3)
   */
  Optional<byte[]> read(String path);

  /** Where the files come from, for messages: e.g. {@code main@1a2b3c4d} or a directory. */
  String describe();
}
