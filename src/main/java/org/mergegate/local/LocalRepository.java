package org.mergegate.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mergegate.exit.GateException;
import org.mergegate.review.ChangedPath;
import org.mergegate.review.RepositoryFiles;

/** A git work tree on this machine, as {@code explain} sees it. */
public final class LocalRepository {
  private final Path root;
  private final Git git;

  private LocalRepository(Path root) {
    this.root = root;
    this.git = new Git(root);
  }

  /**
   * The git repository whose top level is {@code dir}, or {@code null} when {@code dir} is not the
   * top of a work tree (a plain directory, or a folder inside another project's repository).
   */
  public static LocalRepository openTopLevel(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw GateException.config(dir + " is not a directory");
    }
    Git.Result top = new Git(dir).tryRun("rev-parse", "--show-toplevel");
    if (top.exitCode() != 0) {
      return null;
    }
    try {
      Path topLevel = Path.of(top.text()).toRealPath();
      return topLevel.equals(dir.toRealPath()) ? new LocalRepository(topLevel) : null;
    } catch (java.io.IOException e) {
      throw GateException.config("cannot resolve " + dir + ": " + e.getMessage());
    }
  }

  public Path root() {
    return root;
  }

  /** The upstream of the current branch, else {@code main}: what a merge request would target. */
  public String defaultBase() {
    Git.Result upstream =
        git.tryRun("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}");
    return upstream.exitCode() == 0 && !upstream.text().isEmpty() ? upstream.text() : "main";
  }

  /** The full commit id of {@code revision}; a revision git does not know is a usage error. */
  public String resolve(String revision) {
    Git.Result r = git.tryRun("rev-parse", "--verify", "--quiet", revision + "^{commit}");
    if (r.exitCode() != 0) {
      throw GateException.config(
          "unknown revision '"
              + revision
              + "' in "
              + root
              + ": pass --base/--head with a branch or commit that exists");
    }
    return r.text();
  }

  /** The policy and CODEOWNERS as they are at {@code revision}. */
  public RepositoryFiles filesAt(String revision) {
    return new GitRevisionFiles(git, revision, resolve(revision));
  }

  /**
   * What a merge request from {@code head} into {@code base} changes: the diff from their merge
   * base, as GitLab shows it, with renames detected so both old and new paths count.
   */
  public List<ChangedPath> changes(String base, String head) {
    String baseCommit = resolve(base);
    String headCommit = resolve(head);
    byte[] out =
        git.run(
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--name-status",
            "-z",
            "-M",
            baseCommit + "..." + headCommit);
    return parseNameStatus(new String(out, StandardCharsets.UTF_8));
  }

  /** Parses {@code git diff --name-status -z} output; paths may hold any byte but NUL. */
  static List<ChangedPath> parseNameStatus(String z) {
    List<ChangedPath> changes = new ArrayList<>();
    String[] fields = z.split("\0", -1);
    int i = 0;
    while (i < fields.length && !fields[i].isEmpty()) {
      String status = fields[i++];
      char kind = status.charAt(0);
      if (kind == 'R' || kind == 'C') {
        String from = fields[i++];
        String to = fields[i++];
        changes.add(
            kind == 'R'
                ? new ChangedPath(from, to, ChangedPath.Status.RENAMED)
                : new ChangedPath(to, to, ChangedPath.Status.ADDED));
      } else {
        String path = fields[i++];
        ChangedPath.Status s =
            switch (kind) {
              case 'A' -> ChangedPath.Status.ADDED;
              case 'D' -> ChangedPath.Status.DELETED;
              default -> ChangedPath.Status.MODIFIED;
            };
        changes.add(new ChangedPath(path, path, s));
      }
    }
    return changes;
  }
}
