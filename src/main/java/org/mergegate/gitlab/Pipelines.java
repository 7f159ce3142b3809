package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CI side of one merge request: its head commit, its pipelines, the jobs in one of them, and
 * the two writes {@code merge-gate serve} makes (retry a job, create a merge request pipeline).
 */
public final class Pipelines {
  /**
   * The merge request as far as re-running its check needs it; {@code sourceProjectId} is 0 when
   * GitLab did not say.
   */
  public record MergeRequestHead(String sha, String state, long sourceProjectId) {
    public boolean open() {
      return "opened".equals(state);
    }
  }

  /** One pipeline of the merge request; {@code projectId} is 0 when GitLab did not say. */
  public record Pipeline(long id, String sha, String status, long projectId) {}

  /**
   * One job; {@code status} is GitLab's job status (created, pending, running, failed, ...), {@code
   * startedAt} when a runner started it: null before that, or when GitLab's value cannot be read;
   * {@code projectId} the project its pipeline runs in (0 when GitLab did not say).
   */
  public record Job(long id, String name, String status, Instant startedAt, long projectId) {
    /** GitLab has yet to finish this job: retrying it would only start a second copy. */
    public boolean unfinished() {
      return running() || notStarted();
    }

    /** Waiting for a runner or its turn: once it starts, it reads everything afresh. */
    public boolean notStarted() {
      return switch (status) {
        case "created", "waiting_for_resource", "preparing", "pending", "scheduled" -> true;
        default -> false;
      };
    }

    public boolean running() {
      return "running".equals(status);
    }
  }

  private final GitLabHttp http;
  private final long projectId;
  private final String project;
  private final long mr;

  /** The merge request {@code mr} of the project with id {@code projectId} (its target). */
  public Pipelines(GitLabHttp http, long projectId, long mr) {
    this.http = http;
    this.projectId = projectId;
    this.project = "/projects/" + projectId;
    this.mr = mr;
  }

  /** The target project's id. */
  public long projectId() {
    return projectId;
  }

  public MergeRequestHead head() {
    JsonNode body = http.get(project + "/merge_requests/" + mr, "the merge request").body();
    return new MergeRequestHead(
        body.path("sha").asText(""),
        body.path("state").asText(""),
        body.path("source_project_id").asLong(0));
  }

  /**
   * The newest pipeline of the merge request that ran on {@code sha} in the target project. A merge
   * request from a fork also lists the pipelines that ran in the fork: those are skipped, since
   * nothing in them belongs to this project. GitLab lists a merge request's pipelines newest first,
   * so the first page holds the newest whenever it still exists.
   */
  public Optional<Pipeline> latestFor(String sha) {
    JsonNode list =
        http.get(
                project + "/merge_requests/" + mr + "/pipelines?per_page=" + GitLabHttp.PER_PAGE,
                "the merge request's pipelines")
            .body();
    Pipeline newest = null;
    for (JsonNode p : list) {
      Pipeline candidate = pipeline(p);
      boolean here = candidate.projectId() == 0 || candidate.projectId() == projectId;
      if (here && candidate.sha().equals(sha) && (newest == null || candidate.id() > newest.id())) {
        newest = candidate;
      }
    }
    return Optional.ofNullable(newest);
  }

  /**
   * The current attempt of the job called {@code name} in a pipeline, or empty when the pipeline
   * has no such job. Without {@code include_retried} GitLab lists only each job's latest attempt.
   *
   * @throws GitLabHttp.NotFound when the pipeline itself is gone
   */
  public Optional<Job> job(long pipelineId, String name) {
    List<JsonNode> jobs =
        http.getAll(project + "/pipelines/" + pipelineId + "/jobs", "the pipeline's jobs");
    Job latest = null;
    for (JsonNode j : jobs) {
      if (name.equals(j.path("name").asText())) {
        Job candidate = job(j);
        if (latest == null || candidate.id() > latest.id()) {
          latest = candidate;
        }
      }
    }
    return Optional.ofNullable(latest);
  }

  /** Retries a finished job; GitLab answers with the new attempt. */
  public Job retry(long jobId) {
    return job(http.post(project + "/jobs/" + jobId + "/retry", Map.of(), "a job retry").body());
  }

  /** Starts a new pipeline for the merge request (as a push to it would). */
  public Pipeline createMergeRequestPipeline() {
    return pipeline(
        http.post(
                project + "/merge_requests/" + mr + "/pipelines",
                Map.of(),
                "a new merge request pipeline")
            .body());
  }

  private static Pipeline pipeline(JsonNode p) {
    return new Pipeline(
        p.path("id").asLong(),
        p.path("sha").asText(""),
        p.path("status").asText(""),
        p.path("project_id").asLong(0));
  }

  private static Job job(JsonNode j) {
    return new Job(
        j.path("id").asLong(),
        j.path("name").asText(""),
        j.path("status").asText(""),
        instant(j.path("started_at")),
        j.path("pipeline").path("project_id").asLong(0));
  }

  /**
   * GitLab's ISO-8601 time ({@code 2024-05-03T10:00:20.000Z}), or null when absent or unreadable.
   */
  private static Instant instant(JsonNode value) {
    if (!value.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.asText()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
