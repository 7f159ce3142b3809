package org.mergegate.serve;

import java.time.Duration;
import java.util.Optional;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.Deadline;
import org.mergegate.gitlab.GitLabHttp;
import org.mergegate.gitlab.Pipelines;

/**
 * Re-runs the check job of one merge request: find the newest pipeline for the MR's current head,
 * find the check job in it, and retry it, unless it is still running (it will see the new approvals
 * itself). When the head has no pipeline, or it is gone, start a new merge request pipeline. Every
 * run logs one line and counts its outcome.
 */
public final class RecheckAction implements WorkQueue.Handler<MergeRequestRef> {
  /** How a run ended; the names are the {@code outcome} label in metrics and logs. */
  enum Outcome {
    RETRIED("retried"),
    PIPELINE_CREATED("pipeline_created"),
    ALREADY_RUNNING("already_running"),
    NOT_RETRYABLE("not_retryable"),
    NO_CHECK_JOB("no_check_job"),
    NOT_OPEN("not_open"),
    FAILED("failed"),
    DROPPED("dropped");

    final String label;

    Outcome(String label) {
      this.label = label;
    }
  }

  private record Result(Outcome outcome, String detail) {}

  private final GitLabHttp gitlab;
  private final String jobName;
  private final Duration runTimeout;
  private final Metrics metrics;
  private final EventLog log;

  /**
   * @param gitlab the shared client; each run gets its own deadline through {@link
   *     GitLabHttp#withDeadline}
   * @param jobName the check job's name in {@code .gitlab-ci.yml}
   * @param runTimeout the time budget of one run, GitLabHttp's retries included
   */
  public RecheckAction(
      GitLabHttp gitlab, String jobName, Duration runTimeout, Metrics metrics, EventLog log) {
    this.gitlab = gitlab;
    this.jobName = jobName;
    this.runTimeout = runTimeout;
    this.metrics = metrics;
    this.log = log;
  }

  @Override
  public boolean run(MergeRequestRef mr, int attempt) {
    GitLabHttp http = gitlab.withDeadline(Deadline.in(runTimeout));
    Pipelines pipelines = new Pipelines(http, String.valueOf(mr.project()), mr.iid());
    try {
      Result result = recheck(pipelines);
      finish(mr, attempt, result.outcome(), result.detail());
      return true;
    } catch (GateException e) {
      metrics.gitlabError();
      if (e.exitCode() == ExitCode.CONFIG) {
        // 401, 403, 404: the token cannot see or do this; asking again will not change that.
        finish(mr, attempt, Outcome.FAILED, e.getMessage());
        return true;
      }
      log.line(
          "recheck attempt failed",
          "project",
          mr.project(),
          "mr",
          mr.iid(),
          "attempt",
          attempt,
          "error",
          e.getMessage());
      return false;
    }
  }

  @Override
  public void gaveUp(MergeRequestRef mr, int attempts) {
    finish(mr, attempts, Outcome.FAILED, "gave up after " + attempts + " attempts");
  }

  @Override
  public void dropped(MergeRequestRef mr) {
    finish(mr, 0, Outcome.DROPPED, "shutdown drain time ran out; approve again or retry by hand");
  }

  private Result recheck(Pipelines pipelines) {
    Pipelines.MergeRequestHead head = pipelines.head();
    if (!head.open()) {
      return new Result(Outcome.NOT_OPEN, "state " + head.state());
    }
    Optional<Pipelines.Pipeline> pipeline = pipelines.latestFor(head.sha());
    if (pipeline.isEmpty()) {
      return create(pipelines, "no pipeline for head " + shortSha(head.sha()));
    }
    long pipelineId = pipeline.get().id();
    Optional<Pipelines.Job> job;
    try {
      job = pipelines.job(pipelineId, jobName);
    } catch (GitLabHttp.NotFound e) {
      return create(pipelines, "pipeline " + pipelineId + " is gone");
    }
    if (job.isEmpty()) {
      return new Result(
          Outcome.NO_CHECK_JOB,
          "pipeline " + pipelineId + " has no job named " + jobName + "; check --job-name");
    }
    Pipelines.Job check = job.get();
    if (check.unfinished()) {
      return new Result(
          Outcome.ALREADY_RUNNING, "job " + check.id() + " is " + check.status() + "; left alone");
    }
    if (!retryable(check.status())) {
      return new Result(Outcome.NOT_RETRYABLE, "job " + check.id() + " is " + check.status());
    }
    Pipelines.Job retried = pipelines.retry(check.id());
    metrics.retryTriggered();
    return new Result(
        Outcome.RETRIED,
        "job " + check.id() + " (" + check.status() + ") retried as job " + retried.id());
  }

  private Result create(Pipelines pipelines, String why) {
    Pipelines.Pipeline created = pipelines.createMergeRequestPipeline();
    metrics.pipelineCreated();
    return new Result(Outcome.PIPELINE_CREATED, why + "; created pipeline " + created.id());
  }

  /** The states GitLab lets a job be retried from. */
  private static boolean retryable(String status) {
    return switch (status) {
      case "failed", "success", "canceled" -> true;
      default -> false;
    };
  }

  private void finish(MergeRequestRef mr, int attempt, Outcome outcome, String detail) {
    metrics.recheck(outcome.label);
    log.line(
        "recheck",
        "project",
        mr.project(),
        "mr",
        mr.iid(),
        "outcome",
        outcome.label,
        "attempt",
        attempt,
        "detail",
        detail);
  }

  private static String shortSha(String sha) {
    return sha.length() > 8 ? sha.substring(0, 8) : sha;
  }
}
