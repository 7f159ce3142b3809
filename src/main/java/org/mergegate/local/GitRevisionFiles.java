package org.mergegate.local;

import java.util.Optional;
import org.mergegate.review.RepositoryFiles;
import org.mergegate.review.Sha;

/** Files as they are at one git revision (the merge base of {@code explain}), not on disk. */
final class GitRevisionFiles implements RepositoryFiles {
  private final Git git;
  private final String revision;
  private final String commit;

  GitRevisionFiles(Git git, String revision, String commit) {
    this.git = git;
    this.revision = revision;
    this.commit = commit;
  }

  @Override
  public Optional<byte[]> read(String path) {
    String object = commit + ":" + path;
    // cat-file -e tells "absent" apart from a real failure without parsing messages.
    if (git.tryRun("cat-file", "-e", object).exitCode() != 0) {
      return Optional.empty();
    }
    return Optional.of(git.run("cat-file", "blob", object));
  }

  @Override
  public String describe() {
    return revision + "@" + Sha.abbreviate(commit);
  }
}
