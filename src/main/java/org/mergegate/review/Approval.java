package org.mergegate.review;

import java.time.Instant;

/**
 * One approval record as GitLab keeps it (never a comment).
 *
 * @param username who approved, as GitLab spells it
 * @param approvedAt when; {@code null} when GitLab did not say (then it counts as given before the
 *     latest push, see {@code reset_on_push})
 * @param bot whether the approver is a bot user (project/group access token, service account)
 * @param active false for blocked or deactivated users, whose approvals never count
 */
public record Approval(String username, Instant approvedAt, boolean bot, boolean active) {
  public static Approval byHuman(String username, Instant approvedAt) {
    return new Approval(username, approvedAt, false, true);
  }
}
