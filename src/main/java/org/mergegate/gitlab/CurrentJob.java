package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.mergegate.exit.GateException;
import org.mergegate.review.Sha;

/**
 * The running CI job, as GitLab itself says. {@code GITLAB_USER_LOGIN}, {@code CI_COMMIT_SHA} and
 * the like are only variables: whoever runs a manual job may set variables, predefined ones
 * included, so a developer could run break-glass "as" an SRE, or for another commit. {@code GET
 * /job} authenticated with the job's own {@code CI_JOB_TOKEN} is answered from GitLab's record of
 * the job: who started it, in which project, for which commit.
 *
 * @param id the job's id
 * @param username who started it (for a manual job: pressed play)
 * @param projectId the project its pipeline belongs to
 * @param pipelineId its pipeline
 * @param ref the pipeline's ref ({@code refs/merge-requests/7/head} in an MR pipeline)
 * @param sha the commit the job runs for
 * @param webUrl the job's page
 */
public record CurrentJob(
    long id,
    String username,
    long projectId,
    long pipelineId,
    String ref,
    String sha,
    String webUrl) {

  /**
   * Reads the job and insists it is running and names its starter and commit.
   *
   * @param jobTokenClient a client made with {@link GitLabHttp#withJobToken}
   */
  public static CurrentJob read(GitLabHttp jobTokenClient) {
    JsonNode job =
        jobTokenClient.get("/job", "the running job (GET /job with CI_JOB_TOKEN)").body();
    String id = job.path("id").asText("?");
    String username = job.path("user").path("username").asText("");
    if (username.isBlank()) {
      throw GateException.external(
          "GitLab did not say who started job " + id + "; nothing recorded", null);
    }
    String status = job.path("status").asText("running");
    if (!status.equals("running")) {
      throw GateException.refused(
          "CI_JOB_TOKEN belongs to job "
              + id
              + ", which is "
              + status
              + ", not this running job: nothing recorded");
    }
    JsonNode pipeline = job.path("pipeline");
    String sha = job.path("commit").path("id").asText(pipeline.path("sha").asText(""));
    long projectId = pipeline.path("project_id").asLong(-1);
    if (!sha.matches("[0-9a-fA-F]{40}") || projectId < 0) {
      throw GateException.external(
          "GitLab did not say which project and commit job " + id + " runs for; nothing recorded",
          null);
    }
    return new CurrentJob(
        job.path("id").asLong(),
        username,
        projectId,
        pipeline.path("id").asLong(-1),
        job.path("ref").asText(pipeline.path("ref").asText("")),
        sha.toLowerCase(java.util.Locale.ROOT),
        job.path("web_url").asText(""));
  }

  /**
   * Refuses (exit 1) unless this job runs in {@code projectId} for exactly {@code sha}: a
   * break-glass covers what its job ran for, never a commit pushed since nor one of another
   * project. In a merged-results pipeline of merge request {@code mrIid} the job runs for GitLab's
   * merge of the head into the target; that merge's second parent must be {@code sha}.
   *
   * @param commits reads the merge's parents (only asked in that case)
   */
  public void requireRunsFor(long projectId, String sha, Long mrIid, Commits commits) {
    if (projectId != this.projectId) {
      throw GateException.refused(
          "CI_JOB_TOKEN belongs to a job of project "
              + this.projectId
              + ", not of project "
              + projectId
              + ": nothing recorded; run the merge-gate:break-glass job of this project");
    }
    if (sha.equalsIgnoreCase(this.sha) || isMergedResultOf(sha, mrIid, commits)) {
      return;
    }
    throw GateException.refused(
        "this job runs for commit "
            + Sha.abbreviate(this.sha)
            + ", but "
            + (mrIid == null ? "the commit to cover" : "the head of !" + mrIid)
            + " is "
            + Sha.abbreviate(sha)
            + ": nothing recorded, nobody has looked at that commit in this pipeline; run"
            + " break-glass in the pipeline of the current head");
  }

  /**
   * Refuses (exit 1) when a CI variable contradicts GitLab's record of the job: a manual job's
   * variables cannot choose the pipeline or the commit.
   *
   * @param variable the variable's name, for the message
   * @param value its value, or {@code null} when unset
   * @param actual what GitLab says
   */
  public static void requireSame(String variable, String value, String actual) {
    if (value != null && !value.strip().equalsIgnoreCase(actual)) {
      throw GateException.refused(
          variable
              + " says "
              + value.strip()
              + " but GitLab says this job's is "
              + actual
              + ": nothing recorded (job variables cannot choose what breaks glass)");
    }
  }

  private boolean isMergedResultOf(String sha, Long mrIid, Commits commits) {
    if (mrIid == null || !ref.equals("refs/merge-requests/" + mrIid + "/merge")) {
      return false;
    }
    List<String> parents = commits.parents(this.sha);
    return parents.size() == 2 && parents.get(1).equalsIgnoreCase(sha);
  }
}
