package org.mergegate.review;

/**
 * One file the change touches. A rename touches both its old and its new path; both are matched
 * against CODEOWNERS, so moving a file out of an owned directory still needs its owners.
 *
 * @param oldPath the path before the change (equal to {@code newPath} unless renamed)
 * @param newPath the path after the change
 * @param status what happened to the file
 */
public record ChangedPath(String oldPath, String newPath, Status status) {
  /** What the change did to the file. */
  public enum Status {
    ADDED,
    MODIFIED,
    DELETED,
    RENAMED
  }

  public static ChangedPath modified(String path) {
    return new ChangedPath(path, path, Status.MODIFIED);
  }

  /** The distinct paths this change touches: one, or two for a rename. */
  public java.util.List<String> paths() {
    return oldPath.equals(newPath)
        ? java.util.List.of(newPath)
        : java.util.List.of(oldPath, newPath);
  }
}
