package org.mergegate.gitlab;

import java.util.LinkedHashMap;
import java.util.Map;

/** Posts the {@code merge-gate} commit status on the MR's head commit. */
public final class CommitStatus {
  /** The status name GitLab shows and branch rules can refer to. */
  public static final String NAME = "merge-gate";

  private final GitLabHttp http;
  private final String project;

  public CommitStatus(GitLabHttp http, String project) {
    this.http = http;
    this.project = "/projects/" + GitLabHttp.segment(project);
  }

  /**
   * Sets the status.
   *
   * @param targetUrl the job's page ({@code CI_JOB_URL}), or {@code null}
   * @param pipelineId the running pipeline ({@code CI_PIPELINE_ID}) so GitLab attaches the status
   *     to it rather than to a new external pipeline, or {@code null}
   */
  public void post(
      String sha, boolean success, String description, String targetUrl, String pipelineId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", success ? "success" : "failed");
    body.put("name", NAME);
    body.put(
        "description", description.length() > 255 ? description.substring(0, 255) : description);
    if (targetUrl != null && !targetUrl.isBlank()) {
      body.put("target_url", targetUrl);
    }
    if (pipelineId != null && !pipelineId.isBlank()) {
      body.put("pipeline_id", Long.parseLong(pipelineId.trim()));
    }
    try {
      http.post(project + "/statuses/" + sha, body, "the merge-gate commit status");
    } catch (GitLabHttp.Rejected e) {
      // GitLab refuses to set a status to the state it already has; that is success for us.
      if (e.status() != 400 || !e.gitlabMessage().contains("Cannot transition status")) {
        throw e;
      }
    }
  }
}
