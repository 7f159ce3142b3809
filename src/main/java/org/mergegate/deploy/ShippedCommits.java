package org.mergegate.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.mergegate.breakglass.BreakGlassVerifier;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.CommitComments;
import org.mergegate.gitlab.FirstParentHistory;
import org.mergegate.gitlab.GitLabHttp;
import org.mergegate.gitlab.TokenUser;
import org.mergegate.review.Sha;

/**
 * What a deploy of one commit ships that was not shipped before: {@code deploy} syncs a whole tree,
 * so every first-parent commit of the branch after the newest one carrying the gate's own {@link
 * DeployMark}, up to the commit deployed, reaches production with it and must qualify.
 *
 * <p>The marks are looked for newest first along the commit's first-parent history; a mark on a
 * commit that is no longer on that history (the branch was force-pushed) is never found, so the
 * rewritten commits are verified too. The walk is bounded: past {@value #MAX_COMMITS} commits
 * without a mark the deploy is refused, since merge-gate cannot tell what was shipped before.
 */
public final class ShippedCommits {
  /** How far back the newest mark is looked for. */
  public static final int MAX_COMMITS = 1000;

  /** Comments read concurrently per step once the nearest commit has no mark. */
  private static final int BATCH = 8;

  private final GitLabHttp http;
  private final String project;
  private final String branch;
  private final int maxCommits;

  public ShippedCommits(GitLabHttp http, String project, String branch) {
    this(http, project, branch, MAX_COMMITS);
  }

  ShippedCommits(GitLabHttp http, String project, String branch, int maxCommits) {
    this.http = http;
    this.project = project;
    this.branch = branch;
    this.maxCommits = maxCommits;
  }

  /**
   * What a deploy ships.
   *
   * @param commits newest first, the deployed commit first
   * @param lastDeployed the newest commit the gate marked as deployed, or empty when there is none
   *     (the very first deploy: then only the deployed commit is listed)
   */
  public record Chain(List<FirstParentHistory.Entry> commits, Optional<String> lastDeployed) {
    public Chain {
      commits = List.copyOf(commits);
    }

    public List<String> shas() {
      return commits.stream().map(FirstParentHistory.Entry::sha).toList();
    }
  }

  /**
   * The commits from {@code sha} back to (not including) the newest marked one.
   *
   * @param firstDeploy whether a person said merge-gate never deployed this project: then a walk
   *     that ends at the limit without a mark verifies {@code sha} alone instead of refusing
   * @throws GateException exit 1 when there are more than the limit and no mark among them
   */
  public Chain upTo(String sha, boolean firstDeploy) {
    String gateUser = TokenUser.username(http);
    List<FirstParentHistory.Entry> chain = new ArrayList<>();
    String[] marked = {null};
    boolean[] exhausted = {true};
    new FirstParentHistory(http, project)
        .walk(
            sha,
            page -> {
              List<FirstParentHistory.Entry> rest = new ArrayList<>(page);
              if (chain.isEmpty()) {
                // walk() checked that the history starts at sha.
                chain.add(rest.remove(0));
              }
              int batch = 1;
              for (int i = 0; i < rest.size(); i += batch, batch = BATCH) {
                List<FirstParentHistory.Entry> step =
                    rest.subList(i, Math.min(rest.size(), i + batch));
                List<CompletableFuture<Boolean>> reads = new ArrayList<>();
                for (FirstParentHistory.Entry e : step) {
                  reads.add(http.async(() -> marked(e.sha(), gateUser)));
                }
                for (int k = 0; k < step.size(); k++) {
                  if (http.await(reads.get(k), "reading the comments of a commit")) {
                    marked[0] = step.get(k).sha();
                    return false;
                  }
                  if (chain.size() >= maxCommits) {
                    exhausted[0] = false;
                    return false;
                  }
                  chain.add(step.get(k));
                }
              }
              return true;
            });
    if (marked[0] != null) {
      return new Chain(chain, Optional.of(marked[0]));
    }
    if (exhausted[0] || firstDeploy) {
      return new Chain(chain.subList(0, 1), Optional.empty());
    }
    throw GateException.refused(
        "merge-gate found no deploy mark of its own on the "
            + maxCommits
            + " first-parent commits of "
            + branch
            + " before "
            + Sha.abbreviate(sha)
            + ", so it cannot tell which of them production already has: nothing deployed; if"
            + " merge-gate has never deployed this project, run the deploy job once with"
            + " --first-deploy");
  }

  private boolean marked(String sha, String gateUser) {
    List<BreakGlassVerifier.Note> comments = new CommitComments(http, project, sha).all();
    return DeployMark.marks(comments, gateUser, sha);
  }
}
