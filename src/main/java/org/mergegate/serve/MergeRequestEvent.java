package org.mergegate.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * What one webhook delivery asks of us. Only three facts are taken from the body: the project id,
 * the merge request iid and the action. They address GitLab's API with our own token and are never
 * trusted beyond that: the state of the merge request and its pipelines are read from GitLab.
 */
public record MergeRequestEvent(long projectId, long iid, String action) {
  /**
   * The actions that change which approvals exist. {@code approved}/{@code unapproved} fire when
   * the MR reaches or leaves "approved by all required approvers"; {@code approval}/{@code
   * unapproval} fire for each single user's approval (GitLab's webhook events documentation).
   */
  public static final Set<String> APPROVAL_ACTIONS =
      Set.of("approved", "unapproved", "approval", "unapproval");

  /** Every action GitLab documents for merge request events; others are counted as "other". */
  static final Set<String> KNOWN_ACTIONS =
      Set.of(
          "open",
          "close",
          "reopen",
          "update",
          "approved",
          "unapproved",
          "approval",
          "unapproval",
          "merge");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The outcome of reading a delivery: an event to act on, one to ignore, or a malformed body. */
  public sealed interface Parsed permits Act, Ignore, Malformed {}

  /** An approval change on a merge request: re-run its check. */
  public record Act(MergeRequestEvent event) implements Parsed {}

  /** A well-formed delivery that needs nothing from us ({@code action} is for metrics and logs). */
  public record Ignore(String kind, String action, long projectId, long iid) implements Parsed {}

  /** Not JSON, or a merge request event without the fields GitLab always sends. */
  public record Malformed(String reason) implements Parsed {}

  /** The action as a bounded metrics label: a documented action, or "other". */
  public static String label(String action) {
    return KNOWN_ACTIONS.contains(action) ? action : "other";
  }

  public static Parsed parse(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return new Malformed("the body is not JSON");
    }
    if (root == null || !root.isObject()) {
      return new Malformed("the body is not a JSON object");
    }
    String kind = root.path("object_kind").asText("");
    JsonNode attributes = root.path("object_attributes");
    String action = attributes.path("action").asText("");
    if (!"merge_request".equals(kind)) {
      return new Ignore(kind.isEmpty() ? "unknown" : kind, action, 0, 0);
    }
    long project = positive(root.path("project").path("id"));
    long iid = positive(attributes.path("iid"));
    if (project <= 0 || iid <= 0) {
      return new Malformed("a merge request event without project.id and object_attributes.iid");
    }
    if (!APPROVAL_ACTIONS.contains(action)) {
      return new Ignore(kind, action, project, iid);
    }
    return new Act(new MergeRequestEvent(project, iid, action));
  }

  private static long positive(JsonNode n) {
    return n.canConvertToLong() && n.isIntegralNumber() ? Math.max(0, n.asLong()) : 0;
  }
}
