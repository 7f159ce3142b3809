package org.mergegate.serve;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A bounded, debouncing work queue keyed by merge request. The first event for a key schedules one
 * run {@code debounce} later; further events for that key before the run starts merge into it, so a
 * burst of approvals costs one retry. At most one run per key is in progress at a time (a second
 * one could read the job before the first retried it, and retry it twice). A run that fails in a
 * way worth repeating is tried again with exponential backoff and jitter, up to {@code
 * maxAttempts}. A run may also ask to look again later without having failed ({@link Next#later}),
 * which uses no attempt. When {@code capacity} distinct keys are waiting, new keys are refused so
 * the HTTP side can answer 503 and GitLab delivers later: nothing is dropped without being counted.
 */
public final class WorkQueue<K> {
  /** What became of an offered key. */
  public enum Offer {
    /** A new run is scheduled. */
    QUEUED,
    /** A run for this key was already waiting; it covers this event too. */
    MERGED,
    /** Too many keys are waiting: try later. */
    FULL,
    /** The queue is shutting down. */
    CLOSED
  }

  /**
   * What one run knows besides its key.
   *
   * @param attempt 1 for the first try, one more for each failed run repeated since
   * @param offered when the newest event that this run covers was offered: work that started before
   *     it cannot have seen that event
   * @param waited the delays this key's runs asked for through {@link Next#later} so far
   */
  public record Run(int attempt, Instant offered, Duration waited) {}

  /** What the queue does with a key after its run. */
  public sealed interface Next {
    /** Finished, successfully or not worth repeating. */
    Next DONE = new Done();

    /** Failed in a way worth repeating: again after a backoff, up to {@code maxAttempts}. */
    Next FAILED = new Failed();

    /** Neither finished nor failed: run again after {@code delay}, without using an attempt. */
    static Next later(Duration delay) {
      return new Later(delay);
    }

    /** See {@link #DONE}. */
    record Done() implements Next {}

    /** See {@link #FAILED}. */
    record Failed() implements Next {}

    /** See {@link #later}. */
    record Later(Duration delay) implements Next {}
  }

  /** The work itself. Called on a worker thread, never twice at once for one key. */
  public interface Handler<K> {
    /** Runs once for {@code key}. */
    Next run(K key, Run run);

    /** The last allowed attempt failed. */
    void gaveUp(K key, int attempts);

    /**
     * Shutdown's drain time ran out before this key's run finished, or shutdown came while its run
     * asked to look again later.
     */
    void dropped(K key);
  }

  /**
   * @param debounce how long the first event of a burst waits for the rest
   * @param capacity how many keys may wait at once
   * @param workers how many runs may go on at once
   * @param maxAttempts runs per key before giving up, the first included
   * @param firstBackoff the wait before the second attempt; doubled for each further one
   * @param maxBackoff upper bound of one wait
   */
  public record Settings(
      Duration debounce,
      int capacity,
      int workers,
      int maxAttempts,
      Duration firstBackoff,
      Duration maxBackoff) {}

  /** What shutdown achieved: runs finished while draining, and keys dropped when time ran out. */
  public record Drain(int finished, int dropped) {}

  private static final class Item<K> implements Delayed {
    final K key;
    final int attempt;
    final Duration waited;
    // Guarded by the queue's lock: a merged event moves it forward.
    Instant offered;
    long dueNanos;

    Item(K key, int attempt, Instant offered, Duration waited, long dueNanos) {
      this.key = key;
      this.attempt = attempt;
      this.offered = offered;
      this.waited = waited;
      this.dueNanos = dueNanos;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(dueNanos, ((Item<?>) other).dueNanos);
    }
  }

  private final Settings settings;
  private final Handler<K> handler;
  private final Clock clock;
  private final DelayQueue<Item<K>> due = new DelayQueue<>();
  private final Object lock = new Object();
  // Guarded by lock: keys waiting (debounce or backoff) and keys being run.
  private final Map<K, Item<K>> waiting = new HashMap<>();
  private final Set<K> running = new HashSet<>();
  private final List<Thread> workers = new ArrayList<>();
  private int finished;
  private int droppedRuns;
  private boolean closed;
  private volatile boolean stopping;

  public WorkQueue(Settings settings, Handler<K> handler) {
    this(settings, handler, Clock.systemUTC());
  }

  /** As above, reading the time events are offered from {@code clock}. */
  public WorkQueue(Settings settings, Handler<K> handler, Clock clock) {
    if (settings.capacity() < 1 || settings.workers() < 1 || settings.maxAttempts() < 1) {
      throw new IllegalArgumentException("capacity, workers and maxAttempts must be positive");
    }
    this.settings = settings;
    this.handler = handler;
    this.clock = clock;
    for (int i = 0; i < settings.workers(); i++) {
      Thread t = new Thread(this::work, "merge-gate-recheck-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  /**
   * Schedules a run for {@code key}, or merges into the one already waiting. A merged event moves
   * the waiting run's {@link Run#offered} time to now: the run must account for the newest event.
   */
  public Offer offer(K key) {
    Instant now = clock.instant();
    synchronized (lock) {
      if (closed) {
        return Offer.CLOSED;
      }
      Item<K> waitingItem = waiting.get(key);
      if (waitingItem != null) {
        if (now.isAfter(waitingItem.offered)) {
          waitingItem.offered = now;
        }
        return Offer.MERGED;
      }
      if (waiting.size() >= settings.capacity()) {
        return Offer.FULL;
      }
      schedule(
          new Item<>(
              key, 1, now, Duration.ZERO, System.nanoTime() + settings.debounce().toNanos()));
      return Offer.QUEUED;
    }
  }

  /** Keys waiting for their run (the queue depth). */
  public int depth() {
    synchronized (lock) {
      return waiting.size();
    }
  }

  /** Keys whose run is in progress. */
  public int inProgress() {
    synchronized (lock) {
      return running.size();
    }
  }

  /**
   * Stops taking work and runs what is waiting now, without its debounce, for up to {@code
   * timeout}; then stops the workers and reports each key left over to {@link Handler#dropped}.
   */
  public Drain shutdown(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    List<K> left = new ArrayList<>();
    int before;
    synchronized (lock) {
      closed = true;
      before = finished;
      long now = System.nanoTime();
      for (Item<K> item : waiting.values()) {
        due.remove(item);
        item.dueNanos = now;
        due.add(item);
      }
      while (!waiting.isEmpty() || !running.isEmpty()) {
        long remaining = end - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      stopping = true;
      left.addAll(waiting.keySet());
      waiting.clear();
      due.clear();
    }
    workers.forEach(Thread::interrupt);
    for (Thread t : workers) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    left.forEach(handler::dropped);
    synchronized (lock) {
      return new Drain(finished - before, left.size() + droppedRuns + running.size());
    }
  }

  private void schedule(Item<K> item) {
    waiting.put(item.key, item);
    due.add(item);
  }

  private void work() {
    while (!stopping) {
      Item<K> item;
      Run run;
      try {
        item = due.take();
      } catch (InterruptedException e) {
        return;
      }
      synchronized (lock) {
        if (waiting.get(item.key) != item) {
          continue; // cleared by shutdown
        }
        if (running.contains(item.key)) {
          // One run per key at a time: look again after the debounce.
          item.dueNanos = System.nanoTime() + settings.debounce().toNanos();
          due.add(item);
          continue;
        }
        waiting.remove(item.key);
        running.add(item.key);
        run = new Run(item.attempt, item.offered, item.waited);
      }
      Next next;
      try {
        next = handler.run(item.key, run);
      } catch (RuntimeException e) {
        next = Next.FAILED; // a bug in one run must not kill the worker; it counts as a failure
      }
      boolean gaveUp = false;
      boolean dropped = false;
      synchronized (lock) {
        running.remove(item.key);
        if (next instanceof Next.Done) {
          finished++;
        } else if (stopping || (closed && next instanceof Next.Later)) {
          // Shutting down: waiting out a delay would only hold up the drain.
          dropped = true;
          droppedRuns++;
        } else if (next instanceof Next.Failed && item.attempt >= settings.maxAttempts()) {
          gaveUp = true;
          finished++;
        } else if (waiting.containsKey(item.key)) {
          finished++; // a newer event already queued a fresh run, which re-reads everything
        } else if (next instanceof Next.Later later) {
          schedule(
              new Item<>(
                  item.key,
                  1,
                  item.offered,
                  item.waited.plus(later.delay()),
                  System.nanoTime() + later.delay().toNanos()));
        } else {
          schedule(
              new Item<>(
                  item.key,
                  item.attempt + 1,
                  item.offered,
                  item.waited,
                  System.nanoTime() + backoff(item.attempt)));
        }
        lock.notifyAll();
      }
      if (gaveUp) {
        handler.gaveUp(item.key, item.attempt);
      }
      if (dropped) {
        handler.dropped(item.key);
      }
    }
  }

  /** Between half and all of first × 2^(attempt-1), capped: spread retries of many MRs apart. */
  private long backoff(int attempt) {
    long ceiling =
        Math.min(
            settings.maxBackoff().toNanos(),
            settings.firstBackoff().toNanos() << Math.min(attempt - 1, 20));
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(half + 1);
  }
}
