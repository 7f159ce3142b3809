package org.mergegate.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mergegate.exit.GateException;

class CommitStatusTest {
  private final FakeGitLab gitlab = new FakeGitLab();
  private final GitLabHttp http = gitlab.client();

  @AfterEach
  void stop() {
    http.close();
    gitlab.close();
  }

  private void answer(int status, String message) {
    gitlab
        .server()
        .stubFor(
            post(urlPathEqualTo("/api/v4/projects/42/statuses/" + FakeGitLab.HEAD))
                .willReturn(FakeGitLab.error(status, message)));
  }

  @Test
  void aRetriedJobSettingTheSameStateAgainIsNotAFailure() {
    // GitLab's answer when the status already has that state (a retried check job).
    answer(400, "Cannot transition status via :success from :success");
    assertThatCode(() -> new CommitStatus(http, "42").post(FakeGitLab.HEAD, true, "ok", null, null))
        .doesNotThrowAnyException();
  }

  @Test
  void anyOtherRefusalFailsTheJob() {
    answer(400, "sha is missing");
    assertThatThrownBy(
            () -> new CommitStatus(http, "42").post(FakeGitLab.HEAD, true, "ok", null, null))
        .isInstanceOf(GateException.class)
        .hasMessageContaining("400")
        .hasMessageContaining("sha is missing");
  }
}
