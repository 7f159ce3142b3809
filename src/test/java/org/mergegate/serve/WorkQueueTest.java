package org.mergegate.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a run learns from the queue: the time of the newest event it covers, attempts, waits. */
class WorkQueueTest {
  private static final Instant T0 = Instant.parse("2024-05-03T10:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }
      };
  private final List<WorkQueue.Run> runs = new CopyOnWriteArrayList<>();
  private final List<String> gaveUp = new CopyOnWriteArrayList<>();
  private WorkQueue<String> queue;

  private WorkQueue<String> queue(Function<WorkQueue.Run, WorkQueue.Next> answer) {
    queue =
        new WorkQueue<>(
            new WorkQueue.Settings(
                Duration.ofMillis(100), 10, 1, 2, Duration.ofMillis(10), Duration.ofMillis(20)),
            new WorkQueue.Handler<>() {
              @Override
              public WorkQueue.Next run(String key, WorkQueue.Run run) {
                runs.add(run);
                return answer.apply(run);
              }

              @Override
              public void gaveUp(String key, int attempts) {
                gaveUp.add(key);
              }

              @Override
              public void dropped(String key) {}
            },
            clock);
    return queue;
  }

  @AfterEach
  void stop() {
    if (queue != null) {
      queue.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void aMergedEventMovesTheRunsEventTimeToTheNewestOne() {
    // A job that started between two approvals saw only the first: the run must judge by the
    // second.
    queue(run -> WorkQueue.Next.DONE);
    assertThat(queue.offer("mr")).isEqualTo(WorkQueue.Offer.QUEUED);
    now.set(T0.plusSeconds(3));
    assertThat(queue.offer("mr")).isEqualTo(WorkQueue.Offer.MERGED);

    ServeHarness.await(() -> runs.size() == 1, Duration.ofSeconds(5), "one run");
    assertThat(runs.get(0).offered()).isEqualTo(T0.plusSeconds(3));
  }

  @Test
  void lookingAgainLaterUsesNoAttemptAndAddsUpTheWaits() {
    // Three waits, then two failures: maxAttempts is 2, so only the failures count towards it.
    queue(
        run ->
            runs.size() <= 3 ? WorkQueue.Next.later(Duration.ofMillis(30)) : WorkQueue.Next.FAILED);
    queue.offer("mr");

    ServeHarness.await(() -> gaveUp.size() == 1, Duration.ofSeconds(5), "the queue gave up");
    assertThat(runs).extracting(WorkQueue.Run::attempt).containsExactly(1, 1, 1, 1, 2);
    assertThat(runs).extracting(r -> r.waited().toMillis()).containsExactly(0L, 30L, 60L, 90L, 90L);
    assertThat(runs).extracting(WorkQueue.Run::offered).containsOnly(T0);
  }
}
