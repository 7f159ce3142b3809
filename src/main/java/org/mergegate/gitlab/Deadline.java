package org.mergegate.gitlab;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.mergegate.exit.GateException;

/** The whole-run time budget ({@code --timeout}): every wait and request is capped by it. */
public final class Deadline {
  private final Clock clock;
  private final Instant end;
  private final Duration total;

  private Deadline(Clock clock, Duration total) {
    this.clock = clock;
    this.total = total;
    this.end = clock.instant().plus(total);
  }

  /** A deadline {@code total} from now. */
  public static Deadline in(Duration total) {
    return new Deadline(Clock.systemUTC(), total);
  }

  /** Time left, never negative. */
  public Duration remaining() {
    Duration left = Duration.between(clock.instant(), end);
    return left.isNegative() ? Duration.ZERO : left;
  }

  public boolean expired() {
    return remaining().isZero();
  }

  /** The failure to raise when the budget is spent while doing {@code what}. */
  public GateException exceeded(String what) {
    return GateException.external(
        "merge-gate ran out of its "
            + Durations.format(total)
            + " time budget while "
            + what
            + "; GitLab is slow or unreachable, re-run the job or raise --timeout",
        null);
  }
}
