package org.mergegate.cli;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.mergegate.breakglass.BreakGlassRecord;
import org.mergegate.markdown.Markdown;

/** How {@code check} and {@code deploy} say, loudly, that a commit passed by break-glass. */
final class BreakGlassBanner {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private BreakGlassBanner() {}

  /** The line above the report, e.g. {@code merge-gate: PASSED BY BREAK-GLASS by @sam at ...}. */
  static String passed(BreakGlassRecord r) {
    return "merge-gate: PASSED BY BREAK-GLASS by @"
        + r.user()
        + " at "
        + UTC.format(r.at())
        + ": "
        + r.reason().replace('\n', ' ')
        + " (review is still required after the fact)";
  }

  /** The same line for the sticky note, with the reason neutralised ({@link Markdown#text}). */
  static String passedMarkdown(BreakGlassRecord r) {
    return ":rotating_light: **PASSED BY BREAK-GLASS** by "
        + Markdown.handle(r.user())
        + " at "
        + UTC.format(r.at())
        + ": "
        + Markdown.text(r.reason())
        + " (review is still required after the fact)";
  }

  /** What {@code break-glass} prints once the record is written. */
  static String recorded(BreakGlassRecord r, String subject) {
    return "merge-gate: BREAK-GLASS recorded for "
        + subject
        + " at "
        + r.shortSha()
        + " by @"
        + r.user()
        + ": "
        + r.reason().replace('\n', ' ')
        + " (review is still required after the fact)";
  }

  /** The commit status description (GitLab keeps 255 characters). */
  static String status(BreakGlassRecord r) {
    return "passed by break-glass (@"
        + Markdown.literal(r.user())
        + "); review required after the fact";
  }
}
