package org.mergegate.breakglass;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mergegate.markdown.Markdown;

/**
 * The description of the follow-up issue that asks for the review a break-glass skipped. It ends
 * with a hidden marker naming the record and the diff link, and, like {@link BreakGlassNote}, an
 * issue is the follow-up of a record only when its whole description is exactly what {@link
 * #render} writes for that marker: an issue that merely quotes the marker, or one edited since, is
 * not. Who opened the issue is checked by the caller ({@code gitlab.FollowUpIssues}).
 */
public final class FollowUpIssueText {
  private static final String OPEN = "<!-- merge-gate:follow-up:v1 ";
  private static final String CLOSE = " -->";
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=]{1,16384}");
  private static final ObjectMapper JSON = new ObjectMapper();

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
    ObjectNode marker = JSON.createObjectNode();
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
        + OPEN
        + Base64.getEncoder().encodeToString(marker.toString().getBytes(StandardCharsets.UTF_8))
        + CLOSE;
  }

  /** What a description was rendered for, when the whole of it is exactly that rendering. */
  public static Optional<FollowUp> parse(String description) {
    if (description == null || !description.endsWith(CLOSE)) {
      return Optional.empty();
    }
    int open = description.lastIndexOf(OPEN);
    if (open < 0) {
      return Optional.empty();
    }
    String encoded =
        description.substring(open + OPEN.length(), description.length() - CLOSE.length());
    if (!BASE64.matcher(encoded).matches()) {
      return Optional.empty();
    }
    try {
      ObjectNode marker =
          (ObjectNode)
              JSON.readTree(
                  new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
      String diffUrl = marker.path("diff_url").asText("");
      Optional<BreakGlassRecord> record = BreakGlassNote.fromJson(marker.path("record").asText(""));
      return record
          .map(r -> new FollowUp(r, diffUrl))
          .filter(f -> description.equals(render(f.record(), f.diffUrl())));
    } catch (RuntimeException | JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static String subject(BreakGlassRecord record) {
    return record.mergeRequest() != null ? "!" + record.mergeRequest() : record.shortSha();
  }
}
