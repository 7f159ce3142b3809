package org.mergegate.serve;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.Deadline;
import org.mergegate.gitlab.GitLabHttp;
import org.mergegate.gitlab.Pipelines;
import org.mergegate.review.Sha;

/**
 * Re-runs the check job of one merge request: find the newest pipeline for the MR's current head,
 * find the check job in it, and retry it unless it read the approvals after the event anyway. A job
 * that has not started, or started after the event, is left alone. A job that was already running
 * when the event came may have read the approvals just before the change: it is looked at again
 * later and retried once it ends. When the head has no pipeline, or it is gone, start a new merge
 * request pipeline. Every run logs one line and counts its outcome.
 */
public final class RecheckAction implements WorkQueue.Handler<MergeRequestRef> {
  /** How a run ended; the names are the {@code outcome} label in metrics and logs. */
  enum Outcome {
    RETRIED("retried"),
    PIPELINE_CREATED("pipeline_created"),
    ALREADY_RUNNING("already_running"),
    ALREADY_CURRENT("already_current"),
    WAITING_FOR_RUNNING_JOB("waiting_for_running_job"),
    RUNNING_JOB_TIMEOUT("running_job_timeout"),
    NOT_RETRYABLE("not_retryable"),
    NO_CHECK_JOB("no_check_job"),
    NOT_OPEN("not_open"),
    FORK_SKIPPED("fork_skipped"),
    FAILED("failed"),
    DROPPED("dropped");

    final String label;

    Outcome(String label) {
      this.label = label;
    }
  }

  /** How a run ended, and what the queue should do next. */
  private record Result(Outcome outcome, String detail, WorkQueue.Next next) {
    Result(Outcome outcome, String detail) {
      this(outcome, detail, WorkQueue.Next.DONE);
    }
  }

  private final GitLabHttp gitlab;
  private final String jobName;
  private final Duration runTimeout;
  private final ServeSettings.RunningJobWait wait;
  private final Metrics metrics;
  private final EventLog log;

  /**
   * @param gitlab the shared client; each run gets its own deadline through {@link
   *     GitLabHttp#withDeadline}
   * @param jobName the check job's name in {@code .gitlab-ci.yml}
   * @param runTimeout the time budget of one run, GitLabHttp's retries included
   * @param wait how to wait for a check job that was running before the event
   */
  public RecheckAction(
      GitLabHttp gitlab,
      String jobName,
      Duration runTimeout,
      ServeSettings.RunningJobWait wait,
      Metrics metrics,
      EventLog log) {
    this.gitlab = gitlab;
    this.jobName = jobName;
    this.runTimeout = runTimeout;
    this.wait = wait;
    this.metrics = metrics;
    this.log = log;
  }

  @Override
  public WorkQueue.Next run(MergeRequestRef mr, WorkQueue.Run run) {
    int attempt = run.attempt();
    GitLabHttp http = gitlab.withDeadline(Deadline.in(runTimeout));
    Pipelines pipelines = new Pipelines(http, mr.project(), mr.iid());
    try {
      Result result = recheck(pipelines, run);
      finish(mr, attempt, result.outcome(), result.detail());
      return result.next();
    } catch (GateException e) {
      metrics.gitlabError();
      if (e.exitCode() == ExitCode.CONFIG) {
        // 401, 403, 404: the token cannot see or do this; asking again will not change that.
        finish(mr, attempt, Outcome.FAILED, e.getMessage());
        return WorkQueue.Next.DONE;
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
      return WorkQueue.Next.FAILED;
    }
  }

  @Override
  public void gaveUp(MergeRequestRef mr, int attempts) {
    finish(mr, attempts, Outcome.FAILED, "gave up after " + attempts + " attempts");
  }

  @Override
  public void dropped(MergeRequestRef mr) {
    finish(
        mr,
        0,
        Outcome.DROPPED,
        "shut down before the check job was re-run; approve again or retry by hand");
  }

  private Result recheck(Pipelines pipelines, WorkQueue.Run run) {
    Pipelines.MergeRequestHead head = pipelines.head();
    if (!head.open()) {
      return new Result(Outcome.NOT_OPEN, "state " + head.state());
    }
    Optional<Pipelines.Pipeline> pipeline = pipelines.latestFor(head.sha());
    if (pipeline.isEmpty()) {
      return create(
          pipelines,
          head,
          "no pipeline for head "
              + Sha.abbreviate(head.sha())
              + " in project "
              + pipelines.projectId());
    }
    long pipelineId = pipeline.get().id();
    Optional<Pipelines.Job> job;
    try {
      job = pipelines.job(pipelineId, jobName);
    } catch (GitLabHttp.NotFound e) {
      return create(pipelines, head, "pipeline " + pipelineId + " is gone");
    }
    if (job.isEmpty()) {
      return new Result(
          Outcome.NO_CHECK_JOB,
          "pipeline " + pipelineId + " has no job named " + jobName + "; check --job-name");
    }
    Pipelines.Job check = job.get();
    String about = "job " + check.id() + " (" + check.status() + ")";
    if (check.projectId() != 0 && check.projectId() != pipelines.projectId()) {
      // Only jobs of the target project's own pipelines are ever retried.
      return new Result(
          Outcome.FORK_SKIPPED,
          about + " runs in project " + check.projectId() + ", not " + pipelines.projectId());
    }
    if (check.notStarted()) {
      return new Result(
          Outcome.ALREADY_RUNNING, about + " has not started; it will read the approvals itself");
    }
    boolean sawEvent = startedAfter(check, run.offered());
    if (check.running()) {
      if (sawEvent) {
        return new Result(
            Outcome.ALREADY_RUNNING, about + " started after the event; it reads the approvals");
      }
      return waitFor(about + " started " + started(check) + ", before the event", run);
    }
    if (!retryable(check.status())) {
      return new Result(Outcome.NOT_RETRYABLE, about);
    }
    if (sawEvent) {
      return new Result(
          Outcome.ALREADY_CURRENT,
          about + " started " + started(check) + ", after the event; not retried");
    }
    Pipelines.Job retried = pipelines.retry(check.id());
    metrics.retryTriggered();
    return new Result(
        Outcome.RETRIED,
        "job " + check.id() + " (" + check.status() + ") retried as job " + retried.id());
  }

  /**
   * True when the job started at or after {@code event} (allowing for GitLab's clock running
   * ahead), so it read the approvals as they were after the event. An unknown start counts as
   * before: an extra retry is harmless, a lost approval is not.
   */
  private boolean startedAfter(Pipelines.Job job, Instant event) {
    return job.startedAt() != null && !job.startedAt().isBefore(event.plus(wait.clockSkew()));
  }

  /**
   * The running job may have read the approvals before the event: look again later, retrying it
   * once it ends. Each wait is as long as all before it, from {@code firstPoll} up to {@code
   * maxPoll}, until {@code maxWait} in all.
   */
  private Result waitFor(String about, WorkQueue.Run run) {
    Duration waited = run.waited();
    Duration left = wait.maxWait().minus(waited);
    if (left.isNegative() || left.isZero()) {
      return new Result(
          Outcome.RUNNING_JOB_TIMEOUT,
          about
              + "; still running after waiting "
              + waited.toMillis()
              + " ms; approve again or retry by hand when it ends");
    }
    Duration delay = waited.compareTo(wait.firstPoll()) < 0 ? wait.firstPoll() : waited;
    delay = min(min(delay, wait.maxPoll()), left);
    return new Result(
        Outcome.WAITING_FOR_RUNNING_JOB,
        about + "; looking again in " + delay.toMillis() + " ms",
        WorkQueue.Next.later(delay));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String started(Pipelines.Job job) {
    return job.startedAt() == null ? "at an unknown time" : "at " + job.startedAt();
  }

  /**
   * Starts a merge request pipeline in the target project, as the token's user, unless the merge
   * request comes from a fork (or GitLab does not say where it comes from): such a pipeline would
   * run the fork's code with the target project's CI/CD variables, which GitLab leaves to a
   * maintainer who has read the changes.
   */
  private Result create(Pipelines pipelines, Pipelines.MergeRequestHead head, String why) {
    if (head.sourceProjectId() != pipelines.projectId()) {
      return new Result(
          Outcome.FORK_SKIPPED,
          why
              + "; merge request from fork project "
              + head.sourceProjectId()
              + ": merge-gate never starts a pipeline in project "
              + pipelines.projectId()
              + " for it (it would run the fork's code with this project's CI/CD variables);"
              + " a maintainer can run one from the merge request's Pipelines tab");
    }
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
}
