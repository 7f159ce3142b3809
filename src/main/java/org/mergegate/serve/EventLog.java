package org.mergegate.serve;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;

/**
 * Structured log lines in logfmt ({@code key=value}, one event a line, values quoted when needed),
 * which Loki, Datadog and {@code grep} all read. Callers pass only facts about events and outcomes:
 * never request bodies, headers, the token or the webhook secret.
 */
public final class EventLog {
  private final PrintWriter out;
  private final Clock clock;

  public EventLog(PrintWriter out) {
    this(out, Clock.systemUTC());
  }

  EventLog(PrintWriter out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** Writes one line: {@code time=... msg=... k1=v1 k2=v2 ...}. */
  public void line(String msg, Object... keyValues) {
    StringBuilder b = new StringBuilder(160);
    b.append("time=").append(Instant.now(clock)).append(" msg=").append(value(msg));
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      b.append(' ')
          .append(keyValues[i])
          .append('=')
          .append(value(String.valueOf(keyValues[i + 1])));
    }
    synchronized (out) {
      out.println(b);
      out.flush();
    }
  }

  static String value(String v) {
    boolean plain = !v.isEmpty();
    for (int i = 0; i < v.length() && plain; i++) {
      char c = v.charAt(i);
      plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c < 0x7f;
    }
    if (plain) {
      return v;
    }
    StringBuilder q = new StringBuilder(v.length() + 2).append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\r' -> q.append("\\r");
        case '\t' -> q.append("\\t");
        default -> {
          if (breaksLines(c)) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }

  /**
   * Control characters, and the ones some log viewers take for a line break (NEL, U+2028, U+2029):
   * text from a delivery or from GitLab must never start a line that looks like ours.
   */
  private static boolean breaksLines(char c) {
    return c < ' ' || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
