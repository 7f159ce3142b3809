package org.mergegate.deploy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.mergegate.exit.GateException;
import org.mergegate.review.Sha;

/**
 * What to sync: one exact commit of one project, to the named targets. Checked when built, so a
 * request that reaches the sync service is always well formed; a bad value is a configuration error
 * (exit 2) naming the value.
 *
 * @param project the project path, e.g. {@code data-engineering/airflow-dags}
 * @param projectId GitLab's numeric project id
 * @param ref the branch the commit was merged to, e.g. {@code main}
 * @param sha the full 40-character commit id (normalised to lower case)
 * @param targets where to copy the tree, lower-case identifiers such as {@code ceph}, {@code hdfs}
 * @param mergeRequest the IID of the merge request that produced the commit, or null (break-glass)
 * @param requestedBy the GitLab username that triggered the deploy
 * @param pipelineUrl the deploy job or pipeline URL, for blunderbuss's audit log; may be null
 */
public record SyncRequest(
    String project,
    long projectId,
    String ref,
    String sha,
    List<String> targets,
    Long mergeRequest,
    String requestedBy,
    String pipelineUrl) {

  /** The targets when none are configured: the Ceph volume the schedulers mount, and HDFS. */
  public static final List<String> DEFAULT_TARGETS = List.of("ceph", "hdfs");

  // Any lower-case identifier: blunderbuss owns the list of targets, merge-gate only checks shape.
  private static final Pattern TARGET = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

  public SyncRequest {
    project = required(project, "project path");
    if (projectId <= 0) {
      throw GateException.config("project id must be a positive number, got " + projectId);
    }
    ref = required(ref, "ref");
    sha = required(sha, "commit sha").toLowerCase(Locale.ROOT);
    if (!Sha.isFull(sha)) {
      throw GateException.config(
          "commit sha must be a full 40-character hex commit id, got \"" + sha + "\"");
    }
    targets = checkTargets(targets);
    if (mergeRequest != null && mergeRequest <= 0) {
      throw GateException.config("merge request IID must be positive, got " + mergeRequest);
    }
    requestedBy = required(requestedBy, "requesting user");
    pipelineUrl = pipelineUrl == null || pipelineUrl.isBlank() ? null : pipelineUrl.strip();
  }

  /** The first seven characters of the sha, as people read it in messages. */
  public String shortSha() {
    return sha.substring(0, 7);
  }

  private static List<String> checkTargets(List<String> targets) {
    if (targets == null || targets.isEmpty()) {
      throw GateException.config(
          "no deploy targets given; name at least one, e.g. " + String.join(",", DEFAULT_TARGETS));
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String target : targets) {
      if (target == null || !TARGET.matcher(target).matches()) {
        throw GateException.config(
            "deploy target \""
                + target
                + "\" is not a lower-case identifier (letters, digits, '-', '_'), e.g. ceph");
      }
      if (!seen.add(target)) {
        throw GateException.config("deploy target \"" + target + "\" is named twice");
      }
    }
    return List.copyOf(seen);
  }

  private static String required(String value, String what) {
    if (value == null || value.isBlank()) {
      throw GateException.config("the sync request needs a " + what);
    }
    return value.strip();
  }
}
