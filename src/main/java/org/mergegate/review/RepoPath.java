package org.mergegate.review;

import org.mergegate.exit.GateException;

/** Repository-relative paths as people type them, made canonical or refused. */
public final class RepoPath {
  private RepoPath() {}

  /**
   * Canonical form: no leading {@code ./} or {@code /}, no empty, {@code .} or {@code ..} segments.
   * A path that climbs out of the repository or holds a NUL byte is a usage error (exit 2), since
   * no CODEOWNERS rule could ever be meant for it.
   */
  public static String normalize(String path) {
    if (path.indexOf('\0') >= 0) {
      throw GateException.config("path " + quote(path) + " contains a NUL byte");
    }
    String p = path;
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.isEmpty()) {
      throw GateException.config(
          "empty path " + quote(path) + ": give a file path in the repository");
    }
    for (String segment : p.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw GateException.config(
            "path "
                + quote(path)
                + " has a '"
                + segment
                + "' segment: give it relative to the repository root");
      }
      if (segment.isEmpty() && !p.endsWith("/")) {
        throw GateException.config("path " + quote(path) + " has an empty segment ('//')");
      }
    }
    return p;
  }

  /** Quotes a path for a one-line message, making control characters visible. */
  public static String quote(String path) {
    StringBuilder sb = new StringBuilder("'");
    for (char c : path.toCharArray()) {
      if (c == '\n') {
        sb.append("\\n");
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('\'').toString();
  }
}
