package org.mergegate.deploy;

import java.time.Duration;

/** Waits between polls and retries; injectable so tests advance a fake clock instead of waiting. */
@FunctionalInterface
public interface Sleeper {
  /** The real sleeper: {@link Thread#sleep(long)}. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
