package org.mergegate.audit;

import java.time.Instant;
import java.util.List;

/**
 * How one commit reached the branch.
 *
 * @param sha 40 hex digits
 * @param committedAt the commit's committer date
 * @param title the first line of its message (outside text: renderers escape it)
 * @param how how it got there
 * @param mergeRequest the merged MR that produced it, or {@code null}
 * @param breakGlass the break-glass record it carries, or {@code null}
 * @param violations empty when clean
 * @param webUrl the commit's page in GitLab
 */
public record CommitCustody(
    String sha,
    Instant committedAt,
    String title,
    How how,
    MergeRequestFacts mergeRequest,
    BreakGlassFacts breakGlass,
    List<Violation> violations,
    String webUrl) {
  public CommitCustody {
    violations = List.copyOf(violations);
  }

  /** How a commit reached the branch; {@link #code()} is the JSON and CSV spelling. */
  public enum How {
    MERGE_REQUEST("merge_request"),
    BREAK_GLASS("break_glass"),
    DIRECT_PUSH("direct_push");

    private final String code;

    How(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** What is wrong with a commit's custody; {@link #code()} is the JSON and CSV spelling. */
  public enum Violation {
    /** Merged without meeting the policy, and no valid break-glass record. */
    NOT_APPROVED("not_approved"),
    /** No merged merge request produced it, and no valid break-glass record. */
    DIRECT_PUSH("direct_push"),
    /** Reached the branch by break-glass, and its follow-up review issue is still open. */
    BREAK_GLASS_OPEN("break_glass_open");

    private final String code;

    Violation(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * The merged merge request that produced a commit, judged as {@code deploy} judges it.
   *
   * @param iid the MR's number in its project
   * @param author username, no {@code @}
   * @param mergedBy username, or {@code null} when GitLab does not say
   * @param mergedAt when, or {@code null} when GitLab does not say
   * @param approvedBy the usernames whose approvals counted, sorted
   * @param policyMet whether the policy of the target at the MR's base was met
   * @param webUrl the MR's page
   */
  public record MergeRequestFacts(
      long iid,
      String author,
      String mergedBy,
      Instant mergedAt,
      List<String> approvedBy,
      boolean policyMet,
      String webUrl) {
    public MergeRequestFacts {
      approvedBy = List.copyOf(approvedBy);
    }
  }

  /**
   * A valid break-glass record and what became of its follow-up review.
   *
   * @param by who broke glass, no {@code @}
   * @param reason their words (outside text: renderers escape it)
   * @param at when
   * @param jobUrl the job that recorded it
   * @param issueIid the follow-up issue, or {@code null} when none was opened
   * @param issueState {@code opened} or {@code closed}, or {@code null} when there is no issue
   * @param issueUrl the follow-up issue's page, or {@code null}
   */
  public record BreakGlassFacts(
      String by,
      String reason,
      Instant at,
      String jobUrl,
      Long issueIid,
      String issueState,
      String issueUrl) {}
}
