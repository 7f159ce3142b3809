package org.mergegate.serve;

import java.time.Duration;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.Deadline;
import org.mergegate.gitlab.GitLabHttp;

/**
 * Readiness: can we reach GitLab with our token ({@code GET /user})? A good answer is remembered
 * for a short while so that frequent probes do not turn into a stream of requests to GitLab; a bad
 * one is not, so recovery shows at the next probe.
 */
public final class HealthCheck {
  /** The verdict and, when not ready, why. */
  public record Health(boolean ready, String reason) {}

  private final GitLabHttp gitlab;
  private final Duration timeout;
  private final long rememberNanos;
  private volatile long okUntil;

  public HealthCheck(GitLabHttp gitlab, Duration timeout, Duration remember) {
    this.gitlab = gitlab;
    this.timeout = timeout;
    this.rememberNanos = remember.toNanos();
    this.okUntil = System.nanoTime() - 1; // nanoTime may be negative: never compare against 0
  }

  public Health check() {
    long now = System.nanoTime();
    if (okUntil - now > 0) {
      return new Health(true, "");
    }
    try {
      gitlab.withDeadline(Deadline.in(timeout)).get("/user", "the token's user");
      okUntil = System.nanoTime() + rememberNanos;
      return new Health(true, "");
    } catch (GateException e) {
      return new Health(false, e.getMessage());
    }
  }
}
