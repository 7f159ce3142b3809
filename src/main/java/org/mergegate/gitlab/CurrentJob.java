package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import org.mergegate.exit.GateException;

/**
 * Who started the running CI job, as GitLab itself says. {@code GITLAB_USER_LOGIN} is only a
 * variable: whoever runs a manual job may set variables, predefined ones included, so a developer
 * could run break-glass "as" an SRE. {@code GET /job} authenticated with the job's own {@code
 * CI_JOB_TOKEN} is answered from GitLab's record of the job.
 */
public final class CurrentJob {
  private CurrentJob() {}

  /**
   * @param jobTokenClient a client made with {@link GitLabHttp#withJobToken}
   * @return the username of the person who started (for a manual job: pressed play on) the job
   */
  public static String startedBy(GitLabHttp jobTokenClient) {
    JsonNode job =
        jobTokenClient.get("/job", "the running job (GET /job with CI_JOB_TOKEN)").body();
    String username = job.path("user").path("username").asText("");
    if (username.isBlank()) {
      throw GateException.external(
          "GitLab did not say who started job " + job.path("id").asText("?") + "; nothing recorded",
          null);
    }
    String status = job.path("status").asText("running");
    if (!status.equals("running")) {
      throw GateException.refused(
          "CI_JOB_TOKEN belongs to job "
              + job.path("id").asText("?")
              + ", which is "
              + status
              + ", not this running job: nothing recorded");
    }
    return username;
  }
}
