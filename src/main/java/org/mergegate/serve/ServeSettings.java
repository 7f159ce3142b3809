package org.mergegate.serve;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How the server runs.
 *
 * @param listen address and port (port 0: any free port, for tests)
 * @param jobName the check job to retry
 * @param maxBodyBytes larger deliveries are refused with 413
 * @param httpThreads the most HTTP requests read and answered at once (answering only verifies,
 *     parses and enqueues; reading a slow client's request holds a thread until the request-time
 *     limit); requests beyond it are refused
 * @param queue debounce, capacity, workers and retry policy of the work queue
 * @param runTimeout the time budget of one run against GitLab
 * @param healthTimeout the time budget of one readiness probe against GitLab
 * @param healthRemember how long a good probe result is reused
 * @param drainTimeout how long shutdown keeps running queued work
 * @param runningJob how to wait for a check job that was already running when an event came
 */
public record ServeSettings(
    InetSocketAddress listen,
    String jobName,
    int maxBodyBytes,
    int httpThreads,
    WorkQueue.Settings queue,
    Duration runTimeout,
    Duration healthTimeout,
    Duration healthRemember,
    Duration drainTimeout,
    RunningJobWait runningJob) {
  /**
   * How a run waits for a check job that started before the event it handles (it may have read the
   * approvals before the change), to retry it once it ends.
   *
   * @param firstPoll the first wait; each later one is as long as all before it together
   * @param maxPoll the longest single wait
   * @param maxWait after this much waiting in all, the run gives up ({@code running_job_timeout})
   * @param clockSkew how far GitLab's clock may run ahead of ours: a job counts as started after an
   *     event only when its {@code started_at} is at least this much later than the event's receipt
   */
  public record RunningJobWait(
      Duration firstPoll, Duration maxPoll, Duration maxWait, Duration clockSkew) {}

  /** The check job's name in merge-gate's CI template. */
  public static final String DEFAULT_JOB = "merge-gate:check";

  /**
   * Production values: 5 s debounce, 1,000 waiting MRs, 4 workers, 5 attempts from 2 s; a running
   * check job is polled from 5 s apart up to 1 min apart, for 10 min at most.
   */
  public static ServeSettings defaults(InetSocketAddress listen) {
    return new ServeSettings(
        listen,
        DEFAULT_JOB,
        1 << 20,
        200,
        new WorkQueue.Settings(
            Duration.ofSeconds(5), 1000, 4, 5, Duration.ofSeconds(2), Duration.ofMinutes(1)),
        Duration.ofMinutes(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(20),
        new RunningJobWait(
            Duration.ofSeconds(5),
            Duration.ofMinutes(1),
            Duration.ofMinutes(10),
            Duration.ofSeconds(2)));
  }

  public ServeSettings withJobName(String value) {
    return new ServeSettings(
        listen,
        value,
        maxBodyBytes,
        httpThreads,
        queue,
        runTimeout,
        healthTimeout,
        healthRemember,
        drainTimeout,
        runningJob);
  }

  public ServeSettings withQueue(WorkQueue.Settings value) {
    return new ServeSettings(
        listen,
        jobName,
        maxBodyBytes,
        httpThreads,
        value,
        runTimeout,
        healthTimeout,
        healthRemember,
        drainTimeout,
        runningJob);
  }

  public ServeSettings withDrainTimeout(Duration value) {
    return new ServeSettings(
        listen,
        jobName,
        maxBodyBytes,
        httpThreads,
        queue,
        runTimeout,
        healthTimeout,
        healthRemember,
        value,
        runningJob);
  }

  public ServeSettings withMaxBodyBytes(int value) {
    return new ServeSettings(
        listen,
        jobName,
        value,
        httpThreads,
        queue,
        runTimeout,
        healthTimeout,
        healthRemember,
        drainTimeout,
        runningJob);
  }

  public ServeSettings withRunningJobWait(RunningJobWait value) {
    return new ServeSettings(
        listen,
        jobName,
        maxBodyBytes,
        httpThreads,
        queue,
        runTimeout,
        healthTimeout,
        healthRemember,
        drainTimeout,
        value);
  }
}
