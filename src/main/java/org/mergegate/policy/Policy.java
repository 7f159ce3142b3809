package org.mergegate.policy;

import java.util.List;

/**
 * The contents of {@code .gitlab/merge-gate.yml}, always read from the MR's target branch.
 *
 * @param approvals the global approval rule
 * @param codeowners where CODEOWNERS lives
 * @param breakGlass who may bypass review, and what gets recorded
 */
public record Policy(Approvals approvals, Codeowners codeowners, BreakGlass breakGlass) {
  /** The file's path in the repository. */
  public static final String PATH = ".gitlab/merge-gate.yml";

  /**
   * @param required distinct approvals from users other than the MR author
   * @param resetOnPush an approval given before the latest push of new changes does not count
   * @param countBots whether approvals by bot users count
   * @param requestedChangesBlock a reviewer's "Request changes" blocks until that reviewer approves
   */
  public record Approvals(
      int required, boolean resetOnPush, boolean countBots, boolean requestedChangesBlock) {
    /** With {@code requested_changes_block} at its default, {@code true}. */
    public Approvals(int required, boolean resetOnPush, boolean countBots) {
      this(required, resetOnPush, countBots, true);
    }
  }

  /**
   * @param path the CODEOWNERS path, or {@code null} for GitLab's lookup order
   */
  public record Codeowners(String path) {}

  /**
   * @param allowed owner references ({@code @user}, {@code @group}, {@code @@maintainer}) who may
   *     break glass
   * @param followUpIssue open an issue asking for review after the fact
   * @param labels labels of that issue
   */
  public record BreakGlass(List<String> allowed, boolean followUpIssue, List<String> labels) {
    public BreakGlass {
      allowed = List.copyOf(allowed);
      labels = List.copyOf(labels);
    }
  }

  /** What applies when the target branch has no policy file. */
  public static Policy defaults() {
    return new Policy(
        new Approvals(1, true, false, true),
        new Codeowners(null),
        new BreakGlass(List.of("@@maintainer", "@@owner"), true, List.of("break-glass")));
  }
}
