package org.mergegate.review;

import java.time.Instant;

/**
 * One merge request diff version: GitLab creates one on every push of new commits.
 *
 * @param headSha the MR head after that push
 * @param createdAt when GitLab recorded the push
 * @param patchIdSha {@code git patch-id} of the MR's change at that version, or {@code null} where
 *     GitLab does not give it; equal patch ids mean a rebase that left the change itself untouched
 */
public record Version(String headSha, Instant createdAt, String patchIdSha) {}
