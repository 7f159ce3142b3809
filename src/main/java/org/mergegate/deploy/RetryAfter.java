package org.mergegate.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. */
final class RetryAfter {
  // A server asking for more than a day is broken; treat the header as absent rather than obey.
  private static final Duration LONGEST = Duration.ofDays(1);

  private RetryAfter() {}

  /** How long to wait from now; empty when the value is neither form, negative or absurd. */
  static Optional<Duration> parse(String value, Clock clock) {
    String text = value.strip();
    if (text.matches("\\d{1,9}")) {
      return sane(Duration.ofSeconds(Long.parseLong(text)));
    }
    try {
      ZonedDateTime when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(clock.instant(), when.toInstant());
      return sane(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> sane(Duration wait) {
    return wait.compareTo(LONGEST) > 0 ? Optional.empty() : Optional.of(wait);
  }
}
