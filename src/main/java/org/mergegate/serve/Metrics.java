package org.mergegate.serve;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The server's counters, rendered in Prometheus' text exposition format (version 0.0.4). Label
 * values come from small fixed sets (documented actions, outcomes), never from request data, so a
 * sender cannot grow the series without bound.
 */
public final class Metrics {
  private final Map<String, LongAdder> deliveries = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> events = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> rechecks = new ConcurrentHashMap<>();
  private final LongAdder retries = new LongAdder();
  private final LongAdder pipelines = new LongAdder();
  private final LongAdder gitlabErrors = new LongAdder();
  private final IntSupplier queueDepth;
  private final IntSupplier inProgress;

  public Metrics(IntSupplier queueDepth, IntSupplier inProgress) {
    this.queueDepth = queueDepth;
    this.inProgress = inProgress;
  }

  /** One HTTP delivery to the hook and how it was answered (queued, unauthorized, ...). */
  public void delivery(String result) {
    deliveries.computeIfAbsent(result, k -> new LongAdder()).increment();
  }

  /** One authenticated merge request event, by its action. */
  public void event(String action) {
    events.computeIfAbsent(MergeRequestEvent.label(action), k -> new LongAdder()).increment();
  }

  /** How one run for a merge request ended. */
  public void recheck(String outcome) {
    rechecks.computeIfAbsent(outcome, k -> new LongAdder()).increment();
  }

  public void retryTriggered() {
    retries.increment();
  }

  public void pipelineCreated() {
    pipelines.increment();
  }

  /** A GitLab request that failed (after GitLabHttp's own retries). */
  public void gitlabError() {
    gitlabErrors.increment();
  }

  public long retriesTriggered() {
    return retries.sum();
  }

  public long gitlabErrors() {
    return gitlabErrors.sum();
  }

  /** The exposition text. */
  public String render() {
    StringBuilder out = new StringBuilder(1024);
    labelled(
        out,
        "merge_gate_webhook_deliveries_total",
        "Webhook deliveries by how they were answered.",
        "result",
        deliveries);
    labelled(
        out,
        "merge_gate_webhook_events_total",
        "Authenticated merge request events received, by action.",
        "action",
        events);
    labelled(
        out,
        "merge_gate_rechecks_total",
        "Runs for a merge request, by outcome.",
        "outcome",
        rechecks);
    single(
        out, "merge_gate_retries_triggered_total", "Check jobs retried.", "counter", retries.sum());
    single(
        out,
        "merge_gate_pipelines_created_total",
        "Merge request pipelines created because the head had none.",
        "counter",
        pipelines.sum());
    single(
        out,
        "merge_gate_gitlab_errors_total",
        "GitLab requests that failed after retries.",
        "counter",
        gitlabErrors.sum());
    single(
        out,
        "merge_gate_queue_depth",
        "Merge requests waiting for their run.",
        "gauge",
        queueDepth.getAsInt());
    single(
        out,
        "merge_gate_rechecks_in_progress",
        "Runs talking to GitLab right now.",
        "gauge",
        inProgress.getAsInt());
    return out.toString();
  }

  private static void labelled(
      StringBuilder out, String name, String help, String label, Map<String, LongAdder> values) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    new TreeMap<>(values)
        .forEach(
            (value, count) ->
                out.append(name)
                    .append('{')
                    .append(label)
                    .append("=\"")
                    .append(value)
                    .append("\"} ")
                    .append(count.sum())
                    .append('\n'));
  }

  private static void single(StringBuilder out, String name, String help, String type, long v) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    out.append(name).append(' ').append(v).append('\n');
  }
}
