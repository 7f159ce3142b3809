package org.mergegate.serve;

import java.time.Duration;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.Deadline;
import org.mergegate.gitlab.GitLabHttp;

/**
 * Readiness: can we reach GitLab with our token ({@code GET /user})? A good answer is remembered
 * for a short while, a bad one for a second, and only one probe at a time asks GitLab (the others
 * wait for its answer): however often {@code /healthz} is called, GitLab sees at most about one
 * request a second from it.
 */
public final class HealthCheck {
  /** The verdict and, when not ready, why. */
  public record Health(boolean ready, String reason) {}

  private static final long REMEMBER_FAILURE_NANOS = Duration.ofSeconds(1).toNanos();

  private final GitLabHttp gitlab;
  private final Duration timeout;
  private final long rememberNanos;
  private Health last = new Health(false, "not checked yet");
  private long lastUntil = System.nanoTime() - 1; // nanoTime may be negative: never compare to 0

  public HealthCheck(GitLabHttp gitlab, Duration timeout, Duration remember) {
    this.gitlab = gitlab;
    this.timeout = timeout;
    this.rememberNanos = remember.toNanos();
  }

  public synchronized Health check() {
    if (lastUntil - System.nanoTime() > 0) {
      return last;
    }
    try {
      gitlab.withDeadline(Deadline.in(timeout)).get("/user", "the token's user");
      last = new Health(true, "");
      lastUntil = System.nanoTime() + rememberNanos;
    } catch (GateException e) {
      last = new Health(false, e.getMessage());
      lastUntil = System.nanoTime() + REMEMBER_FAILURE_NANOS;
    }
    return last;
  }
}
