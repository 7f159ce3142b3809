package org.mergegate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Clients that never finish a request, as an attacker would run them beside real deliveries: each
 * keeps one connection open that sends part of a request (headers without their end, a body cut
 * short, or nothing at all) and opens the next as soon as the server drops it. Records how long the
 * server took to drop each one.
 */
final class SlowClients implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final List<Long> dropMillis = Collections.synchronizedList(new ArrayList<>());
  private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());

  SlowClients(int count, int port, String secret) {
    String[] partial = {
      "POST /hooks/gitlab HTTP/1.1\r\nHost: merge-gate\r\nContent-Type: application/json\r\n",
      "POST /hooks/gitlab HTTP/1.1\r\nHost: merge-gate\r\nX-Gitlab-Token: "
          + secret
          + "\r\nContent-Length: 100000\r\n\r\n{\"object_kind\":",
      ""
    };
    for (int i = 0; i < count; i++) {
      byte[] sent = partial[i % partial.length].getBytes(StandardCharsets.US_ASCII);
      Thread t = new Thread(() -> stall(port, sent), "slow-client-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  private void stall(int port, byte[] sent) {
    while (running.get()) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        open.add(s);
        long t0 = System.nanoTime();
        s.getOutputStream().write(sent);
        s.getOutputStream().flush();
        s.setSoTimeout(60_000);
        InputStream in = s.getInputStream();
        try {
          while (in.read() != -1) {
            // an error page before the close is fine
          }
        } catch (IOException reset) {
          // dropped with a reset
        }
        if (running.get()) {
          dropMillis.add((System.nanoTime() - t0) / 1_000_000);
        }
        open.remove(s);
      } catch (IOException e) {
        // refused or closed at once; try again
        sleep();
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How long the server took to drop each stalled connection, in ms, sorted. */
  long[] dropMillis() {
    synchronized (dropMillis) {
      return dropMillis.stream().mapToLong(Long::longValue).sorted().toArray();
    }
  }

  @Override
  public void close() {
    running.set(false);
    synchronized (open) {
      for (Socket s : open) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }
}
