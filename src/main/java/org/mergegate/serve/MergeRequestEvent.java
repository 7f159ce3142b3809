package org.mergegate.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one webhook delivery asks of us. Only a few facts are taken from the body: the project id,
 * the merge request iid, the action and, for {@code update}, whether a reviewer's review state
 * changed. They address GitLab's API with our own token and are never trusted beyond that: the
 * state of the merge request and its pipelines are read from GitLab.
 *
 * @param trigger why the check is re-run: {@link #APPROVALS} or {@link #REVIEW_STATE}
 */
public record MergeRequestEvent(long projectId, long iid, String action, String trigger) {
  /**
   * The actions that change which approvals exist. {@code approved}/{@code unapproved} fire when
   * the MR reaches or leaves "approved by all required approvers"; {@code approval}/{@code
   * unapproval} fire for each single user's approval (GitLab's webhook events documentation).
   */
  public static final Set<String> APPROVAL_ACTIONS =
      Set.of("approved", "unapproved", "approval", "unapproval");

  /** An approval action. */
  public static final String APPROVALS = "approvals";

  /**
   * An {@code update} whose {@code changes.reviewers} shows a reviewer's review state changing: a
   * review submitted with "Request changes", a review re-requested, or a reviewer who had requested
   * changes removed. The gate's requested-changes rule depends on these.
   */
  public static final String REVIEW_STATE = "review_state";

  /** The reviewer state that blocks a merge request (design §8). */
  static final String REQUESTED_CHANGES = "requested_changes";

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

  /** Every {@code object_kind} GitLab documents for webhooks; others are logged as "other". */
  static final Set<String> KNOWN_KINDS =
      Set.of(
          "push",
          "tag_push",
          "issue",
          "note",
          "merge_request",
          "wiki_page",
          "pipeline",
          "build",
          "deployment",
          "feature_flag",
          "release",
          "emoji",
          "access_token",
          "member",
          "project",
          "subgroup",
          "vulnerability");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The outcome of reading a delivery: an event to act on, one to ignore, or a malformed body. */
  public sealed interface Parsed permits Act, Ignore, Malformed {}

  /** A change that can alter the gate's verdict on a merge request: re-run its check. */
  public record Act(MergeRequestEvent event) implements Parsed {}

  /**
   * A well-formed delivery that needs nothing from us ({@code kind} and {@code action} are bounded
   * labels for metrics and logs; {@code projectId} is 0 for events other than merge requests).
   */
  public record Ignore(String kind, String action, long projectId, long iid) implements Parsed {}

  /** Not JSON, or a merge request event without the fields GitLab always sends. */
  public record Malformed(String reason) implements Parsed {}

  /** The action as a bounded label for metrics and logs: a documented action, or "other". */
  public static String label(String action) {
    return KNOWN_ACTIONS.contains(action) ? action : "other";
  }

  /** The object kind as a bounded label for logs: a documented kind, "unknown" or "other". */
  static String kindLabel(String kind) {
    if (kind.isEmpty()) {
      return "unknown";
    }
    return KNOWN_KINDS.contains(kind) ? kind : "other";
  }

  public static Parsed parse(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      // Includes Jackson's limits on nesting depth and number and string length.
      return new Malformed("the body is not JSON");
    }
    if (root == null || !root.isObject()) {
      return new Malformed("the body is not a JSON object");
    }
    String kind = root.path("object_kind").asText("");
    JsonNode attributes = root.path("object_attributes");
    String action = label(attributes.path("action").asText(""));
    if (!"merge_request".equals(kind)) {
      return new Ignore(kindLabel(kind), action, 0, 0);
    }
    long project = positive(root.path("project").path("id"));
    long iid = positive(attributes.path("iid"));
    if (project <= 0 || iid <= 0) {
      return new Malformed("a merge request event without project.id and object_attributes.iid");
    }
    // GitLab sends merge request events to the target project's hooks, naming it in both places.
    JsonNode target = attributes.path("target_project_id");
    if (!target.isMissingNode() && !target.isNull() && positive(target) != project) {
      return new Malformed("project.id and object_attributes.target_project_id differ");
    }
    if (APPROVAL_ACTIONS.contains(action)) {
      return new Act(new MergeRequestEvent(project, iid, action, APPROVALS));
    }
    if ("update".equals(action) && reviewStateChanged(root.path("changes").path("reviewers"))) {
      return new Act(new MergeRequestEvent(project, iid, action, REVIEW_STATE));
    }
    return new Ignore(kind, action, project, iid);
  }

  /**
   * Whether a reviewer's {@code state} differs between the previous and the current reviewers, or a
   * reviewer who had requested changes (or now has) joined or left. GitLab's webhook docs show
   * {@code changes.reviewers} as {@code [previous, current]} (two arrays); the general form of
   * {@code changes} is {@code {"previous": ..., "current": ...}}: both are read. Adding or removing
   * a reviewer who has not requested changes leaves the verdict alone and is ignored.
   */
  static boolean reviewStateChanged(JsonNode reviewers) {
    JsonNode previous;
    JsonNode current;
    if (reviewers.isArray() && reviewers.size() == 2) {
      previous = reviewers.get(0);
      current = reviewers.get(1);
    } else if (reviewers.isObject()) {
      previous = reviewers.path("previous");
      current = reviewers.path("current");
    } else {
      return false;
    }
    Map<Long, String> before = states(previous);
    Map<Long, String> after = states(current);
    Set<Long> everyone = new HashSet<>(before.keySet());
    everyone.addAll(after.keySet());
    for (Long id : everyone) {
      String was = before.get(id);
      String is = after.get(id);
      if (was != null && is != null
          ? !was.equals(is)
          : REQUESTED_CHANGES.equals(was == null ? is : was)) {
        return true;
      }
    }
    return false;
  }

  /** Reviewer id to review state ("" when GitLab sends none, as older versions do). */
  private static Map<Long, String> states(JsonNode reviewers) {
    Map<Long, String> states = new HashMap<>();
    if (reviewers.isArray()) {
      for (JsonNode r : reviewers) {
        long id = positive(r.path("id"));
        if (id > 0) {
          states.put(id, r.path("state").asText(""));
        }
      }
    }
    return states;
  }

  private static long positive(JsonNode n) {
    return n.canConvertToLong() && n.isIntegralNumber() ? Math.max(0, n.asLong()) : 0;
  }
}
