package org.mergegate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncResultTest {
  private static final String SHA = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

  private static SyncResult result() {
    Map<String, SyncResult.Target> targets = new LinkedHashMap<>();
    targets.put("ceph", new SyncResult.Target(SyncState.SUCCEEDED, "s3://dags/releases/x/", null));
    targets.put("hdfs", new SyncResult.Target(SyncState.SUCCEEDED, null, "ok"));
    return new SyncResult("s-1", SHA, SyncState.SUCCEEDED, "https://b/v1/sync/s-1", false, targets);
  }

  @Test
  void summaryNamesEachTargetAndWhereItWent() {
    assertThat(result().summary())
        .isEqualTo("synced 1a2b3c4 to ceph: s3://dags/releases/x/; hdfs: (no location)");
  }

  @Test
  void serialisesForDeployJsonWithWireNames() throws Exception {
    String json = new ObjectMapper().writeValueAsString(result());
    assertThat(new ObjectMapper().readTree(json))
        .isEqualTo(
            new ObjectMapper()
                .readTree(
                    "{\"id\":\"s-1\",\"sha\":\""
                        + SHA
                        + "\",\"state\":\"succeeded\",\"statusUrl\":\"https://b/v1/sync/s-1\","
                        + "\"alreadySynced\":false,\"targets\":{"
                        + "\"ceph\":{\"state\":\"succeeded\",\"location\":\"s3://dags/releases/x/\","
                        + "\"message\":null},"
                        + "\"hdfs\":{\"state\":\"succeeded\",\"location\":null,\"message\":\"ok\"}}}"));
  }

  @Test
  void durationsReadTheWayPeopleWriteThem() {
    assertThat(BlunderbussClient.human(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(BlunderbussClient.human(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(BlunderbussClient.human(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(BlunderbussClient.human(Duration.ofHours(2))).isEqualTo("2h");
  }
}
