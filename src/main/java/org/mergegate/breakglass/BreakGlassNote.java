package org.mergegate.breakglass;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.mergegate.http.Json;
import org.mergegate.markdown.Markdown;

/**
 * The text of a break-glass note: a sentence for people, and the record for machines in a hidden
 * marker. The record is Base64 JSON so no reason text can break out of the HTML comment.
 *
 * <p>A note carries a record only when its <em>whole</em> body is exactly what {@link #render}
 * writes for the record in its marker: the gate's sticky note, a deploy refusal or any other note
 * that merely quotes a marker is never a record, however the quote got there. On top of that the
 * visible part neutralises every outside piece ({@link Markdown}), so a reason or a URL can never
 * form a second marker. Whether a record counts is decided by {@link BreakGlassVerifier}, which
 * checks who wrote the note: anyone can type a look-alike.
 */
public final class BreakGlassNote {
  static final String MARKER = "merge-gate:break-glass:v1";
  private static final HiddenMarker RECORD = new HiddenMarker(MARKER, 8192);
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private BreakGlassNote() {}

  /** Markdown for a merge request note or commit comment. */
  public static String render(BreakGlassRecord r) {
    return headline(r, Markdown.handle(r.user()))
        + Markdown.quote(r.reason())
        + "\n\n"
        + footer(r, Markdown.url(r.jobUrl()))
        + marker(r);
  }

  /**
   * What the gate wrote before it neutralised reasons and URLs. Notes written then still count,
   * under the same whole-body rule: the only marker such a note can end with is the one its record
   * was rendered with, so a marker quoted inside its reason is never read.
   */
  private static String renderUnescaped(BreakGlassRecord r) {
    return headline(r, "@" + r.user())
        + "> "
        + r.reason().replace("\n", "\n> ")
        + "\n\n"
        + footer(r, r.jobUrl())
        + marker(r);
  }

  private static String headline(BreakGlassRecord r, String user) {
    String target = r.mergeRequest() == null ? "This commit" : "This merge request";
    return ":rotating_light: **Break-glass by "
        + user
        + "**: "
        + target
        + " may be deployed without the review its policy requires.\n\n";
  }

  private static String footer(BreakGlassRecord r, String jobUrl) {
    return "Commit `"
        + r.sha()
        + "` · "
        + UTC.format(r.at())
        + " · [job]("
        + jobUrl
        + ")\n\n"
        + "A review after the fact is required. A new push makes this bypass void.\n\n";
  }

  private static String marker(BreakGlassRecord r) {
    return RECORD.render(toJson(r));
  }

  /**
   * The record a note carries: read from the marker that ends the body, and only when the whole
   * body is exactly what the gate renders for that record.
   */
  public static Optional<BreakGlassRecord> parse(String body) {
    Optional<BreakGlassRecord> claimed = RECORD.payload(body).flatMap(BreakGlassNote::fromJson);
    return claimed.filter(r -> body.equals(render(r)) || body.equals(renderUnescaped(r)));
  }

  /** The record {@link #toJson} wrote, if {@code json} is one. */
  static Optional<BreakGlassRecord> fromJson(String json) {
    try {
      ObjectNode n = (ObjectNode) Json.read(json);
      return Optional.of(
          new BreakGlassRecord(
              n.path("sha").asText(null),
              n.path("user").asText(null),
              n.path("reason").asText(null),
              Instant.parse(n.path("at").asText()),
              n.path("job_url").asText(""),
              n.hasNonNull("merge_request") ? n.get("merge_request").asLong() : null));
    } catch (RuntimeException | IOException e) {
      // A damaged or hand-made marker is simply not a record.
      return Optional.empty();
    }
  }

  /** The record as JSON, as written into notes, issues and {@code break-glass.json}. */
  public static String toJson(BreakGlassRecord r) {
    ObjectNode n = Json.object();
    n.put("sha", r.sha());
    n.put("user", r.user());
    n.put("reason", r.reason());
    n.put("at", r.at().toString());
    n.put("job_url", r.jobUrl());
    if (r.mergeRequest() == null) {
      n.putNull("merge_request");
    } else {
      n.put("merge_request", r.mergeRequest());
    }
    return Json.write(n);
  }
}
