package org.mergegate.exit;

/**
 * A failure that ends the run with a specific exit code. The message is the last line printed to
 * stderr: one sentence saying what is wrong and what a person can do. It must never contain a
 * secret.
 */
public class GateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public GateException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public GateException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Bad flag, unparsable policy or CODEOWNERS, missing variable: exit 2. */
  public static GateException config(String message) {
    return new GateException(ExitCode.CONFIG, message);
  }

  /** GitLab or blunderbuss failed, timed out or answered something unusable: exit 3. */
  public static GateException external(String message, Throwable cause) {
    return new GateException(ExitCode.EXTERNAL, message, cause);
  }

  /** The policy is not satisfied or the deploy is refused: exit 1. */
  public static GateException refused(String message) {
    return new GateException(ExitCode.NOT_SATISFIED, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
