package org.mergegate.review;

/** Commit ids as people read them. */
public final class Sha {
  private Sha() {}

  /** The first 8 hex digits, as GitLab shows a commit; shorter ids are returned as they are. */
  public static String abbreviate(String sha) {
    return sha.length() > 8 ? sha.substring(0, 8) : sha;
  }
}
