package org.mergegate.exit;

/** Exit codes shared by every command (design §1). Every non-zero code fails the CI job. */
public final class ExitCode {
  /** Satisfied, or done. */
  public static final int OK = 0;

  /** Policy not satisfied, or deploy refused. */
  public static final int NOT_SATISFIED = 1;

  /** Usage or configuration error: bad flag, unparsable policy or CODEOWNERS. */
  public static final int CONFIG = 2;

  /** An outside system failed: GitLab or blunderbuss unreachable, 5xx after retries, timeout. */
  public static final int EXTERNAL = 3;

  private ExitCode() {}
}
