package org.mergegate.local;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.mergegate.exit.GateException;
import org.mergegate.review.RepositoryFiles;
import org.mergegate.review.Sha;

/** Files as they are at one git revision (the merge base of {@code explain}), not on disk. */
final class GitRevisionFiles implements RepositoryFiles {
  private static final String SYMLINK_MODE = "120000";

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
    DirectoryFiles.requireFilePath(path);
    // ls-tree prints nothing for a path that is not there and fails only when git itself does, so
    // "absent" is never a git error in disguise. The entry's mode and type say what it is.
    String entry =
        new String(
            git.run("--literal-pathspecs", "ls-tree", "-z", commit, "--", path),
            StandardCharsets.UTF_8);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    String[] fields = entry.substring(0, entry.indexOf('\t')).split(" ");
    String where = path + " at " + describe();
    if (fields[0].equals(SYMLINK_MODE)) {
      throw GateException.config(
          where
              + " is a symbolic link, which GitLab reads as the link itself: commit the file in its"
              + " place");
    }
    return switch (fields[1]) {
      case "blob" -> Optional.of(git.run("cat-file", "blob", fields[2]));
      case "tree" -> throw GateException.config(where + " is a directory, not a file");
      default -> throw GateException.config(where + " is a submodule, not a file");
    };
  }

  @Override
  public String describe() {
    return revision + "@" + Sha.abbreviate(commit);
  }
}
