package org.mergegate.breakglass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;
import org.mergegate.http.Json;
import org.mergegate.markdown.Markdown;

/**
 * The description of the follow-up issue that asks for the review a break-glass skipped. It ends
 * with a hidden marker naming the record and the diff link, and, like {@link BreakGlassNote}, an
 * issue is the follow-up of a record only when its whole description is exactly what {@link
 * #render} writes for that marker: an issue that merely quotes the marker, or one edited since, is
 * not. Who opened the issue is checked by the caller ({@code gitlab.FollowUpIssues}).
 */
public final class FollowUpIssueText {
  private static final HiddenMarker FOLLOW_UP = new HiddenMarker("merge-gate:follow-up:v1", 16384);

  private FollowUpIssueText() {}

  /**
   * The record an issue description was written for, and where the reviewer was sent.
   *
   * @param record the break-glass record
   * @param diffUrl the change to review
   */
  public record FollowUp(BreakGlassRecord record, String diffUrl) {}

  /** The issue title: no outside text, so nothing to neutralise. */
  public static String title(BreakGlassRecord record) {
    return "Review after break-glass: " + subject(record);
  }

  /** Markdown for the issue description. */
  public static String render(BreakGlassRecord record, String diffUrl) {
    String json = BreakGlassNote.toJson(record);
    ObjectNode marker = Json.object();
    marker.put("record", json);
    marker.put("diff_url", diffUrl);
    return Markdown.handle(record.user())
        + " broke glass on "
        + subject(record)
        + " (commit `"
        + record.sha()
        + "`) at "
        + record.at()
        + ", skipping the review its policy requires:\n\n"
        + Markdown.quote(record.reason())
        + "\n\nReview the change after the fact: "
        + Markdown.url(diffUrl)
        + "\n\nRecorded by [this job]("
        + Markdown.url(record.jobUrl())
        + "). Close this issue once the change has been reviewed (and fixed where needed).\n\n"
        + "```json\n"
        // JSON keeps its meaning with these spelled as escapes; in the code block they are inert.
        + json.replace("<", "\\u003c").replace(">", "\\u003e").replace("`", "\\u0060")
        + "\n```\n\n"
        + FOLLOW_UP.render(Json.write(marker));
  }

  /** What a description was rendered for, when the whole of it is exactly that rendering. */
  public static Optional<FollowUp> parse(String description) {
    Optional<String> payload = FOLLOW_UP.payload(description);
    if (payload.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode marker = Json.read(payload.get());
      String diffUrl = marker.path("diff_url").asText("");
      return BreakGlassNote.fromJson(marker.path("record").asText(""))
          .map(r -> new FollowUp(r, diffUrl))
          .filter(f -> description.equals(render(f.record(), f.diffUrl())));
    } catch (IOException | RuntimeException e) {
      // A damaged or hand-made marker is simply not a follow-up.
      return Optional.empty();
    }
  }

  private static String subject(BreakGlassRecord record) {
    return record.mergeRequest() != null ? "!" + record.mergeRequest() : record.shortSha();
  }
}
