package org.mergegate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private final FakeTime clock = new FakeTime(); // 2026-11-23T12:00:00Z

  @Test
  void readsDelaySeconds() {
    assertThat(RetryAfter.parse("120", clock)).contains(Duration.ofMinutes(2));
    assertThat(RetryAfter.parse(" 0 ", clock)).contains(Duration.ZERO);
  }

  @Test
  void readsAnHttpDateRelativeToTheClock() {
    assertThat(RetryAfter.parse("Mon, 23 Nov 2026 12:00:45 GMT", clock))
        .contains(Duration.ofSeconds(45));
    // A date in the past means "now", not a negative wait.
    assertThat(RetryAfter.parse("Mon, 23 Nov 2026 11:00:00 GMT", clock)).contains(Duration.ZERO);
  }

  @Test
  void ignoresWhatItCannotReadOrWouldNeverObey() {
    assertThat(RetryAfter.parse("soon", clock)).isEmpty();
    assertThat(RetryAfter.parse("-5", clock)).isEmpty();
    assertThat(RetryAfter.parse("999999999", clock)).isEmpty();
  }
}
