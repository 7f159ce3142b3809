package org.mergegate.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.mergegate.exit.GateException;
import org.mergegate.exit.IoReason;
import org.mergegate.review.Utf8;

/**
 * A file a person named on the command line ({@code --codeowners}, {@code --members}, {@code
 * --changed-files}, a token file), read whole. Relative names are relative to the working
 * directory, as a shell user expects; symbolic links are followed, since the person chose the file.
 * A named file that is missing or cannot be used is a usage error (exit 2) that says which and why.
 */
public final class LocalFile {
  private LocalFile() {}

  /**
   * The file's bytes. Pipes are read too ({@code --changed-files <(git diff --name-only)}), up to
   * the 10 MiB limit.
   *
   * @param name how messages name it, path included: e.g. {@code members file team.yml}
   * @throws GateException exit 2 when it does not exist, is a directory, cannot be read or is over
   *     the limit
   */
  public static byte[] read(Path file, String name) {
    if (Files.isDirectory(file)) {
      throw GateException.config(name + " is a directory, not a file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // Bounded, so /dev/zero or a runaway pipe cannot fill the heap.
      bytes = in.readNBytes(Utf8.MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw GateException.config(
          Files.isSymbolicLink(file)
              ? name + " is a symbolic link to a file that does not exist"
              : name + " does not exist");
    } catch (IOException e) {
      throw GateException.config("cannot read " + name + ": " + IoReason.of(e));
    }
    if (bytes.length > Utf8.MAX_BYTES) {
      throw GateException.config(name + " is over the 10 MiB limit: is it really a text file?");
    }
    return bytes;
  }

  /** The file as strict UTF-8 text ({@link Utf8#decode}). */
  public static String readText(Path file, String name) {
    return Utf8.decode(read(file, name), name);
  }
}
