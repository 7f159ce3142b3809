package org.mergegate.review;

/** Commit ids as people read them. */
public final class Sha {
  private static final java.util.regex.Pattern FULL =
      java.util.regex.Pattern.compile("[0-9a-f]{40}");

  private Sha() {}

  /** Whether {@code sha} is a full commit id as GitLab writes one: 40 lower-case hex digits. */
  public static boolean isFull(String sha) {
    return sha != null && FULL.matcher(sha).matches();
  }

  /** The first 8 hex digits, as GitLab shows a commit; shorter ids are returned as they are. */
  public static String abbreviate(String sha) {
    return sha.length() > 8 ? sha.substring(0, 8) : sha;
  }
}
