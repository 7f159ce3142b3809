package org.mergegate.breakglass;

import java.time.Instant;
import org.mergegate.exit.GateException;
import org.mergegate.review.Sha;

/**
 * One emergency bypass.
 *
 * @param sha the exact commit it covers (40 hex digits)
 * @param user who broke glass: for a manual job, the person who pressed play
 * @param reason why, in their words (at least {@value #MIN_REASON} characters)
 * @param at when, UTC
 * @param jobUrl the CI job that recorded it
 * @param mergeRequest the MR's iid, or {@code null} for a commit on the default branch
 */
public record BreakGlassRecord(
    String sha, String user, String reason, Instant at, String jobUrl, Long mergeRequest) {
  /** Shorter reasons are refused: "fix" or "urgent" tells a reviewer nothing. */
  public static final int MIN_REASON = 15;

  public BreakGlassRecord {
    if (!Sha.isFull(sha)) {
      throw GateException.config("break-glass needs the full 40-hex commit sha, got '" + sha + "'");
    }
    if (user == null || user.isBlank()) {
      throw GateException.config(
          "break-glass needs the user who triggered it: GITLAB_USER_LOGIN is not set");
    }
    reason = checkReason(reason);
  }

  /**
   * The reason, trimmed, or a usage error (exit 2) that says how to give one.
   *
   * @param reason from {@code --reason} or {@code MERGE_GATE_REASON}; may be null
   */
  public static String checkReason(String reason) {
    String r = reason == null ? "" : reason.strip();
    if (r.isEmpty()) {
      throw GateException.config(
          "break-glass needs a reason: run the manual job with the variable MERGE_GATE_REASON set"
              + " (Run job > Variables), or pass --reason TEXT");
    }
    if (r.length() < MIN_REASON) {
      throw GateException.config(
          "break-glass reason '"
              + r
              + "' is too short: say in at least "
              + MIN_REASON
              + " characters what is broken and why it cannot wait for review");
    }
    return r;
  }

  /** The first 8 hex digits, for messages. */
  public String shortSha() {
    return Sha.abbreviate(sha);
  }
}
