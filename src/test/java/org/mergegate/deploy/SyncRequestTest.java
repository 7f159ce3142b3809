package org.mergegate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;

class SyncRequestTest {
  private static final String SHA = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

  private static SyncRequest request(String sha, List<String> targets) {
    return new SyncRequest("group/airflow-dags", 1234, "main", sha, targets, null, "ana", null);
  }

  private static String rejection(String sha, List<String> targets) {
    GateException failure = catchThrowableOfType(GateException.class, () -> request(sha, targets));
    assertThat(failure).isNotNull();
    assertThat(failure.exitCode()).isEqualTo(ExitCode.CONFIG);
    return failure.getMessage();
  }

  @Test
  void aWellFormedRequestKeepsItsValues() {
    SyncRequest request = request(SHA.toUpperCase(java.util.Locale.ROOT), List.of("ceph"));
    assertThat(request.sha()).isEqualTo(SHA);
    assertThat(request.shortSha()).isEqualTo("1a2b3c4");
    assertThat(request.targets()).containsExactly("ceph");
    assertThat(request.mergeRequest()).isNull();
  }

  @Test
  void onlyAFullCommitIdIsAccepted() {
    assertThat(rejection("1a2b3c4", SyncRequest.DEFAULT_TARGETS))
        .isEqualTo("commit sha must be a full 40-character hex commit id, got \"1a2b3c4\"");
    assertThat(rejection("main", SyncRequest.DEFAULT_TARGETS)).contains("got \"main\"");
    assertThat(rejection(SHA.replace('a', 'g'), SyncRequest.DEFAULT_TARGETS))
        .startsWith("commit sha must be");
  }

  @Test
  void targetsAreNonEmptyDistinctLowerCaseIdentifiers() {
    assertThat(rejection(SHA, List.of()))
        .isEqualTo("no deploy targets given; name at least one, e.g. ceph,hdfs");
    assertThat(rejection(SHA, List.of("ceph", "HDFS")))
        .isEqualTo(
            "deploy target \"HDFS\" is not a lower-case identifier (letters, digits, '-', '_'),"
                + " e.g. ceph");
    assertThat(rejection(SHA, List.of("ceph", "../etc"))).contains("\"../etc\"");
    assertThat(rejection(SHA, List.of("ceph", "ceph")))
        .isEqualTo("deploy target \"ceph\" is named twice");
    assertThat(request(SHA, List.of("ceph-eqiad", "hdfs_analytics")).targets())
        .containsExactly("ceph-eqiad", "hdfs_analytics");
  }

  @Test
  void missingIdentityIsRejected() {
    GateException failure =
        catchThrowableOfType(
            GateException.class,
            () -> new SyncRequest("p", 0, "main", SHA, List.of("ceph"), null, "ana", null));
    assertThat(failure.getMessage()).isEqualTo("project id must be a positive number, got 0");
    failure =
        catchThrowableOfType(
            GateException.class,
            () -> new SyncRequest("p", 1, "main", SHA, List.of("ceph"), null, " ", null));
    assertThat(failure.getMessage()).isEqualTo("the sync request needs a requesting user");
  }
}
