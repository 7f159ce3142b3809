package org.mergegate.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.FakeGitLab;
import org.mergegate.gitlab.GitLabHttp;

/** Which commits a deploy ships: back to the newest commit the gate itself marked as deployed. */
class ShippedCommitsTest {
  private final FakeGitLab gitlab = new FakeGitLab();
  private final GitLabHttp http = gitlab.client();

  @AfterEach
  void stop() {
    http.close();
    gitlab.close();
  }

  private static List<String> shas(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(String.format("%040x", 0xabc000L + i));
    }
    return out;
  }

  /** {@code n} commits, none marked, each with no comments; the oldest has an older parent. */
  private List<String> unmarkedHistory(int n, String parentOfLast) {
    List<String> commits = shas(n);
    gitlab.firstParentHistory(commits, parentOfLast);
    commits.forEach(gitlab::commitComments);
    return commits;
  }

  @Test
  void theRangeEndsJustAfterTheNewestMarkedCommitAcrossPages() {
    List<String> commits = unmarkedHistory(150, null);
    gitlab.deployedMark(commits.get(120));

    ShippedCommits.Chain chain = new ShippedCommits(http, "42", "main").upTo(commits.get(0), false);

    assertThat(chain.shas()).isEqualTo(commits.subList(0, 120));
    assertThat(chain.lastDeployed()).contains(commits.get(120));
  }

  @Test
  void pastTheLimitWithoutAMarkTheDeployIsRefused() {
    List<String> commits = unmarkedHistory(6, "ffffffffffffffffffffffffffffffffffffffff");

    assertThatThrownBy(() -> new ShippedCommits(http, "42", "main", 5).upTo(commits.get(0), false))
        .isInstanceOfSatisfying(
            GateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.NOT_SATISFIED))
        .hasMessage(
            "merge-gate found no deploy mark of its own on the 5 first-parent commits of main"
                + " before 00000000, so it cannot tell which of them production already has:"
                + " nothing deployed; if merge-gate has never deployed this project, run the"
                + " deploy job once with --first-deploy");
  }

  @Test
  void firstDeployVerifiesTheCommitAloneOnlyWhenNoMarkIsFound() {
    List<String> commits = unmarkedHistory(6, "ffffffffffffffffffffffffffffffffffffffff");

    ShippedCommits.Chain chain =
        new ShippedCommits(http, "42", "main", 5).upTo(commits.get(0), true);
    assertThat(chain.shas()).containsExactly(commits.get(0));
    assertThat(chain.lastDeployed()).isEmpty();

    gitlab.deployedMark(commits.get(3));
    assertThat(new ShippedCommits(http, "42", "main", 5).upTo(commits.get(0), true).shas())
        .isEqualTo(commits.subList(0, 3));
  }

  @Test
  void aListingThatEndsBeforeTheRootIsAnErrorNotAFirstDeploy() {
    // GitLab stops sending pages (no x-next-page) while the last commit still has a parent: a
    // history cut short must not read as "no mark back to the root", which verifies the head alone.
    List<String> commits = unmarkedHistory(3, "ffffffffffffffffffffffffffffffffffffffff");

    assertThatThrownBy(() -> new ShippedCommits(http, "42", "main").upTo(commits.get(0), false))
        .isInstanceOfSatisfying(
            GateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL))
        .hasMessage(
            "GitLab's listing of the first-parent history of "
                + commits.get(0)
                + " ends at 00000000, which has a parent (ffffffff): the list was cut short;"
                + " re-run the job");
  }

  @Test
  void aListingThatDoesNotFollowFirstParentsFailsClosed() {
    List<String> commits = shas(3);
    // commits[0]'s first parent is commits[1], but the page skips to commits[2].
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(FakeGitLab.REPO + "/commits"))
                .willReturn(
                    FakeGitLab.json(
                        new com.fasterxml.jackson.databind.ObjectMapper()
                            .createArrayNode()
                            .add(entry(commits.get(0), commits.get(1)))
                            .add(entry(commits.get(2), null)))));
    commits.forEach(gitlab::commitComments);

    assertThatThrownBy(() -> new ShippedCommits(http, "42", "main").upTo(commits.get(0), false))
        .isInstanceOfSatisfying(
            GateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL))
        .hasMessageContaining("but it is not that commit's first parent");
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode entry(String sha, String parent) {
    var c = FakeGitLab.fixture("commit.json");
    c.put("id", sha);
    var ids = c.putArray("parent_ids");
    if (parent != null) {
      ids.add(parent);
    }
    return c;
  }
}
