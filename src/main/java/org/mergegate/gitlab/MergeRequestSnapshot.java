package org.mergegate.gitlab;

import java.util.Optional;
import org.mergegate.review.ReviewFacts;

/**
 * Everything read from GitLab about one merge request, before owners are resolved.
 *
 * @param facts author, head, complete changes, approvals and pushes
 * @param state GitLab's MR state ({@code opened}, {@code merged}, ...)
 * @param webUrl the MR's page
 * @param targetBranch the branch the MR merges into
 * @param targetSha that branch's head when the gate read it; policy and CODEOWNERS come from here
 * @param policy {@code .gitlab/merge-gate.yml} at {@code targetSha}, or empty (defaults apply)
 * @param codeowners the CODEOWNERS file at {@code targetSha}, or empty when there is none
 */
public record MergeRequestSnapshot(
    ReviewFacts facts,
    String state,
    String webUrl,
    String targetBranch,
    String targetSha,
    Optional<RepoFile> policy,
    Optional<RepoFile> codeowners) {}
