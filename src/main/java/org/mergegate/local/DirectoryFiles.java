package org.mergegate.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.mergegate.exit.GateException;
import org.mergegate.exit.IoReason;
import org.mergegate.review.RepoPath;
import org.mergegate.review.RepositoryFiles;
import org.mergegate.review.Utf8;

/**
 * Files as they are on disk: for a directory that is not a git repository of its own.
 *
 * <p>The root is made absolute and real once, so {@code .}, {@code ./}, {@code ../x}, an absolute
 * name and a symbolic link to the checkout all read the same files. A file is read only when its
 * real path is exactly where its name says, inside the root: GitLab reads a symbolic link as the
 * link itself, never the file it points to, so a policy reached through a link here is one {@code
 * check} would never see (and one outside the checkout is not the repository's at all). Such a file
 * is refused, as is one that exists but cannot be used; only a file that is not there is absent.
 */
public final class DirectoryFiles implements RepositoryFiles {
  private final Path root;

  private DirectoryFiles(Path root) {
    this.root = root;
  }

  /** The directory {@code dir} exactly as a user gave it, relative to the working directory. */
  public static DirectoryFiles open(Path dir) {
    return open(Path.of("").toAbsolutePath(), dir);
  }

  /**
   * The directory {@code dir} as a user gave it, relative names resolved against {@code
   * workingDirectory}: what {@link #open(Path)} does with the process's working directory.
   *
   * @throws GateException exit 2 when it does not exist or is not a directory
   */
  public static DirectoryFiles open(Path workingDirectory, Path dir) {
    Path real;
    try {
      real = workingDirectory.resolve(dir).toRealPath();
    } catch (NoSuchFileException e) {
      throw GateException.config(dir + " does not exist: pass --repo with the checkout to read");
    } catch (IOException e) {
      throw GateException.config("cannot open " + dir + ": " + IoReason.of(e));
    }
    if (!Files.isDirectory(real)) {
      throw GateException.config(
          dir + " is not a directory: pass --repo with the checkout to read");
    }
    return new DirectoryFiles(real);
  }

  /** The absolute, real directory every read is confined to. */
  public Path root() {
    return root;
  }

  @Override
  public Optional<byte[]> read(String path) {
    requireFilePath(path);
    Path file = root.resolve(path);
    BasicFileAttributes attributes;
    Path real;
    try {
      // Only "no such file" means absent; any other failure is a file that is there, unusable.
      real = file.toRealPath();
      attributes = Files.readAttributes(real, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      if (Files.isSymbolicLink(file)) {
        throw GateException.config(
            file + " is a symbolic link to a file that does not exist: put the file itself there");
      }
      return Optional.empty();
    } catch (IOException e) {
      throw GateException.config("cannot read " + file + ": " + IoReason.of(e));
    }
    if (!real.equals(file)) {
      throw GateException.config(
          real.startsWith(root)
              ? file
                  + " is reached through a symbolic link (to "
                  + root.relativize(real)
                  + "), which GitLab does not follow: put the file itself at "
                  + path
              : file
                  + " leads outside "
                  + root
                  + " through a symbolic link: the gate reads only the checkout's own files");
    }
    if (attributes.isDirectory()) {
      throw GateException.config(file + " is a directory, not a file");
    }
    if (!attributes.isRegularFile()) {
      throw GateException.config(file + " is not a regular file");
    }
    if (attributes.size() > Utf8.MAX_BYTES) {
      // Refuse before reading a huge file into memory.
      throw GateException.config(
          file
              + " is "
              + attributes.size() / (1024 * 1024)
              + " MiB, over the 10 MiB limit: is it really a text file?");
    }
    try {
      return Optional.of(Files.readAllBytes(real));
    } catch (IOException e) {
      throw GateException.config("cannot read " + file + ": " + IoReason.of(e));
    }
  }

  /**
   * Refuses a name that is not a canonical repository path to a file: absolute, {@code .} or {@code
   * ..} segments, {@code //}, a trailing {@code /}. Names come from the code and from a validated
   * policy, so this is a last line of defence, not a message users should meet.
   */
  static void requireFilePath(String path) {
    if (path.endsWith("/") || !RepoPath.normalize(path).equals(path)) {
      throw GateException.config(
          RepoPath.quote(path) + " is not a file path relative to the repository root");
    }
  }

  @Override
  public String describe() {
    return root.toString();
  }
}
