package org.mergegate.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when the client sleeps, so waiting tests run instantly and exactly. */
final class FakeTime extends Clock implements Sleeper {
  private final Instant start = Instant.parse("2026-11-23T12:00:00Z");
  private Instant now = start;
  final List<Duration> sleeps = new ArrayList<>();

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    now = now.plus(duration);
  }

  /** How much fake time has passed since the test began. */
  Duration elapsed() {
    return Duration.between(start, now);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
