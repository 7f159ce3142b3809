package org.mergegate.breakglass;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mergegate.http.Json;

/**
 * The text of a break-glass note: a sentence for people, and the record for machines in a hidden
 * marker. The record is Base64 JSON so no reason text can break out of the HTML comment.
 *
 * <p>Parsing a note only recovers what it claims. Whether it counts is decided by {@link
 * BreakGlassVerifier}, which checks who wrote the note: anyone can type a look-alike.
 */
public final class BreakGlassNote {
  static final String MARKER = "merge-gate:break-glass:v1";
  private static final Pattern RECORD =
      Pattern.compile("<!-- " + Pattern.quote(MARKER) + " ([A-Za-z0-9+/=]{1,8192}) -->");
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private BreakGlassNote() {}

  /** Markdown for a merge request note or commit comment. */
  public static String render(BreakGlassRecord r) {
    String target = r.mergeRequest() == null ? "This commit" : "This merge request";
    return ":rotating_light: **Break-glass by @"
        + r.user()
        + "**: "
        + target
        + " may be deployed without the review its policy requires.\n\n"
        + "> "
        + r.reason().replace("\n", "\n> ")
        + "\n\n"
        + "Commit `"
        + r.sha()
        + "` · "
        + UTC.format(r.at())
        + " · [job]("
        + r.jobUrl()
        + ")\n\n"
        + "A review after the fact is required. A new push makes this bypass void.\n\n"
        + "<!-- "
        + MARKER
        + " "
        + Base64.getEncoder().encodeToString(toJson(r).getBytes(StandardCharsets.UTF_8))
        + " -->";
  }

  /** The record a note claims to carry, if it carries a well-formed one. */
  public static Optional<BreakGlassRecord> parse(String body) {
    if (body == null) {
      return Optional.empty();
    }
    Matcher m = RECORD.matcher(body);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      String json = new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
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
