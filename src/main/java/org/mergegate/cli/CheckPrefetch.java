package org.mergegate.cli;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.mergegate.gitlab.GitLabHttp;

/**
 * The first reads of {@code check}, started from the CI variables on a thread of their own while
 * picocli is still building the command (about 35 ms of every CI job, otherwise spent before the
 * first request leaves). Only for the command line the CI template runs: {@code check} followed by
 * nothing but {@code --comment}, {@code --status}, {@code --report-dir} and {@code --job-url}, none
 * of which changes what is read or how.
 *
 * <p>The command adopts the reads only when the GitLab, project, merge request, token and options
 * it resolves itself are the very ones they were started with; otherwise it closes them and reads
 * afresh. A wrong guess costs a few GETs, never a different verdict.
 */
final class CheckPrefetch {
  /** What was started, and for what. */
  record Started(
      CheckCommand.Target target,
      String token,
      boolean comment,
      GitLabHttp http,
      CheckCommand.Reads reads) {}

  private final CompletableFuture<Started> started;
  private volatile boolean adopted;

  private CheckPrefetch(CompletableFuture<Started> started) {
    this.started = started;
  }

  /**
   * Starts the reads when {@code args} is a plain {@code check} command line; else {@code null}.
   */
  static CheckPrefetch startIfPlain(String[] args, Map<String, String> env) {
    if (!plain(args)) {
      return null;
    }
    boolean comment = java.util.Arrays.asList(args).contains("--comment");
    CompletableFuture<Started> future = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                future.complete(start(env, comment));
              } catch (RuntimeException | Error e) {
                // The command resolves the same settings itself and reports the failure.
                future.completeExceptionally(e);
              }
            },
            "merge-gate-prefetch");
    thread.setDaemon(true);
    thread.start();
    return new CheckPrefetch(future);
  }

  /** {@code check} and only flags that change neither what is read nor how. */
  static boolean plain(String[] args) {
    if (args.length == 0 || !args[0].equals("check")) {
      return false;
    }
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--comment")
          || a.equals("--status")
          || a.startsWith("--report-dir=")
          || a.startsWith("--job-url=")) {
        continue;
      }
      if ((a.equals("--report-dir") || a.equals("--job-url")) && i + 1 < args.length) {
        i++;
        continue;
      }
      return false;
    }
    return true;
  }

  private static Started start(Map<String, String> env, boolean comment) {
    GitLabOptions options = GitLabOptions.defaults();
    String iid = GitLabOptions.nonBlank(env.get("CI_MERGE_REQUEST_IID"));
    if (iid == null) {
      throw new IllegalStateException("not a merge request pipeline");
    }
    CheckCommand.Target target =
        new CheckCommand.Target(
            options.apiUrl(env), options.project(env, "check"), MergeRequestNumber.parse(iid));
    String token = options.token(env);
    GitLabHttp http = options.open(target.apiUrl(), token, null);
    try {
      return new Started(
          target,
          token,
          comment,
          http,
          CheckCommand.startReads(
              http, target, comment, env.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME")));
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
  }

  /**
   * The started reads when they are exactly what the command would start now; otherwise {@code
   * null}, and they are closed.
   */
  Started adopt(
      CheckCommand.Target target,
      String token,
      boolean comment,
      GitLabOptions options,
      boolean debug) {
    Started s;
    try {
      s = started.join();
    } catch (CompletionException | CancellationException e) {
      return null;
    }
    if (!debug
        && options.areDefaults()
        && s.target().equals(target)
        && s.token().equals(token)
        && s.comment() == comment) {
      adopted = true;
      return s;
    }
    s.http().close();
    return null;
  }

  /** Closes the reads if the command never adopted them (it failed first, or they did not fit). */
  void closeUnlessAdopted() {
    if (!adopted) {
      started.thenAccept(s -> s.http().close());
    }
  }
}
