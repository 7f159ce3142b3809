package org.mergegate.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.mergegate.exit.GateException;
import org.mergegate.review.RepositoryFiles;
import org.mergegate.review.Utf8;

/** Files as they are on disk: for a directory that is not a git repository of its own. */
public final class DirectoryFiles implements RepositoryFiles {
  private final Path root;

  public DirectoryFiles(Path root) {
    this.root = root;
  }

  @Override
  public Optional<byte[]> read(String path) {
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root.normalize()) || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      long size = Files.size(file);
      if (size > Utf8.MAX_BYTES) {
        // Refuse before reading a huge file into memory.
        throw GateException.config(
            file
                + " is "
                + size / (1024 * 1024)
                + " MiB, over the 10 MiB limit: is it really a text file?");
      }
      return Optional.of(Files.readAllBytes(file));
    } catch (IOException e) {
      throw GateException.config("cannot read " + file + ": " + e.getMessage());
    }
  }

  @Override
  public String describe() {
    return root.toString();
  }
}
