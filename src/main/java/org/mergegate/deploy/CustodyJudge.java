package org.mergegate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.Commits;
import org.mergegate.gitlab.GitLabHttp;
import org.mergegate.review.Sha;

/**
 * Judges commits of a branch's first-parent history the way {@code deploy} judges the one it ships
 * ({@link MergedCommitCheck#judge}), for {@code deploy}'s whole shipped range and for {@code
 * audit}: there is one answer to "how did this commit get here, and may it be there?".
 *
 * <p>One addition: a fast-forward merge of several commits puts all of them on the first-parent
 * history, while only its head is the merge request's {@code sha}. A commit that no merge request
 * produced is therefore also looked up among the commits of the fast-forwarded merge requests
 * GitLab associates with it; when it is one of them it is judged as that merge request's head
 * (whose approval covered it).
 */
public final class CustodyJudge {
  private final GitLabHttp http;
  private final String project;
  private final String branch;
  private final MergedCommitCheck check;
  private final Commits commits;
  private final Map<String, CompletableFuture<MergedCommitCheck.Outcome>> outcomes =
      new ConcurrentHashMap<>();

  public CustodyJudge(GitLabHttp http, String project, String branch) {
    this.http = http;
    this.project = project;
    this.branch = branch;
    this.check = new MergedCommitCheck(http, project);
    this.commits = new Commits(http, project);
  }

  /**
   * The judgement of one commit.
   *
   * @param sha the commit
   * @param outcome as {@link MergedCommitCheck#judge} gives it (for a commit inside a fast-forward
   *     merge: its merge request's head's)
   * @param viaHead the head of the fast-forwarded merge request that contains {@code sha}, or
   *     {@code null} when {@code sha} was judged itself
   */
  public record Judged(String sha, MergedCommitCheck.Outcome outcome, String viaHead) {}

  /** Judges one commit; safe to call from many threads, each commit is judged once. */
  public Judged judge(String sha) {
    MergedCommitCheck.Outcome own = outcome(sha);
    if (own.qualified() || own.mergeRequest() != null) {
      return new Judged(sha, own, null);
    }
    Optional<String> head = fastForwardHead(sha);
    return head.map(h -> new Judged(sha, outcome(h), h)).orElse(new Judged(sha, own, null));
  }

  /**
   * Judges every commit, {@code parallel} at a time, in the order given.
   *
   * @param progress told how many are done, about twice a second, while it runs
   * @throws GateException the first failure, naming the commit it happened on
   */
  public List<Judged> judgeAll(List<String> shas, int parallel, IntConsumer progress) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(parallel, shas.size())),
            r -> {
              Thread t = new Thread(r, "merge-gate-judge");
              t.setDaemon(true);
              return t;
            });
    CountDownLatch finished = new CountDownLatch(shas.size());
    AtomicReference<GateException> failure = new AtomicReference<>();
    try {
      List<Future<Judged>> futures = new ArrayList<>(shas.size());
      for (String sha : shas) {
        futures.add(
            pool.submit(
                () -> {
                  try {
                    return judge(sha);
                  } catch (GateException e) {
                    failure.compareAndSet(null, onCommit(sha, e));
                    throw e;
                  } catch (RuntimeException e) {
                    failure.compareAndSet(
                        null,
                        GateException.external(
                            "judging commit " + Sha.abbreviate(sha) + " failed: " + e, e));
                    throw e;
                  } finally {
                    finished.countDown();
                  }
                }));
      }
      // The first failure ends the run at once: a report with a commit missing is never made.
      while (failure.get() == null && !awaitQuietly(finished)) {
        progress.accept(shas.size() - (int) finished.getCount());
      }
      if (failure.get() != null) {
        throw failure.get();
      }
      List<Judged> out = new ArrayList<>(shas.size());
      for (Future<Judged> f : futures) {
        out.add(done(f));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The result of a task that has finished without failing. */
  private static Judged done(Future<Judged> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GateException.external("merge-gate was interrupted while judging commits", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw GateException.external("merge-gate failed while judging commits", e.getCause());
    }
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GateException.external("merge-gate was interrupted while judging commits", e);
    }
  }

  /** The same failure, saying which commit it happened on. */
  private static GateException onCommit(String sha, GateException e) {
    String prefix = "judging commit " + Sha.abbreviate(sha) + ": ";
    if (e.getMessage() != null && e.getMessage().startsWith("judging commit ")) {
      return e;
    }
    return new GateException(
        e.exitCode() == 0 ? ExitCode.EXTERNAL : e.exitCode(), prefix + e.getMessage(), e);
  }

  private MergedCommitCheck.Outcome outcome(String sha) {
    CompletableFuture<MergedCommitCheck.Outcome> mine = new CompletableFuture<>();
    CompletableFuture<MergedCommitCheck.Outcome> theirs = outcomes.putIfAbsent(sha, mine);
    if (theirs != null) {
      return http.await(theirs, "judging commit " + Sha.abbreviate(sha));
    }
    try {
      mine.complete(check.judge(sha, branch));
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    }
    return mine.join();
  }

  /**
   * The head of a fast-forwarded merge request into the branch that has {@code sha} among its
   * commits.
   */
  private Optional<String> fastForwardHead(String sha) {
    for (JsonNode mr : commits.mergeRequests(sha)) {
      String head = mr.path("sha").asText("");
      String mergeCommit = mr.path("merge_commit_sha").asText("");
      boolean fastForward =
          "merged".equals(mr.path("state").asText())
              && branch.equals(mr.path("target_branch").asText())
              && !head.isEmpty()
              && !head.equalsIgnoreCase(sha)
              && (mergeCommit.isEmpty() || mergeCommit.equalsIgnoreCase(head))
              && mr.path("squash_commit_sha").asText("").isEmpty();
      if (fastForward && contains(mr.path("iid").asLong(), sha)) {
        return Optional.of(head.toLowerCase(java.util.Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  private boolean contains(long iid, String sha) {
    return http
        .getAll(
            "/projects/" + GitLabHttp.segment(project) + "/merge_requests/" + iid + "/commits",
            "the commits of !" + iid)
        .stream()
        .anyMatch(c -> sha.equalsIgnoreCase(c.path("id").asText("")));
  }
}
