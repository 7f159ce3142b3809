package org.mergegate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mergegate.breakglass.BreakGlassVerifier.Note;

/** A deploy mark counts only as the gate wrote it: its author, its exact text, its commit. */
class DeployMarkTest {
  private static final String SHA = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
  private static final DeployMark.Mark MARK =
      new DeployMark.Mark(SHA, Instant.parse("2024-05-03T12:00:01.5Z"), List.of("ceph", "hdfs"));
  private static final String GATE = "project_42_bot_gate";

  @Test
  void theGatesOwnRenderingParsesBack() {
    assertThat(DeployMark.parse(DeployMark.render(MARK))).contains(MARK);
    assertThat(
            DeployMark.marks(List.of(new Note(1, GATE, DeployMark.render(MARK), false)), GATE, SHA))
        .isTrue();
  }

  @Test
  void anythingAddedAroundTheMarkerMakesItNoMark() {
    String body = DeployMark.render(MARK);
    assertThat(DeployMark.parse(body + "\n\nalso deployed the hotfix")).isEmpty();
    assertThat(DeployMark.parse("fyi\n" + body)).isEmpty();
    assertThat(DeployMark.parse(body.replace("ceph, hdfs", "ceph"))).isEmpty();
  }

  @Test
  void aMarkByAnyoneElseOrForAnotherCommitDoesNotMarkThisOne() {
    String body = DeployMark.render(MARK);
    assertThat(DeployMark.marks(List.of(new Note(1, "mallory", body, false)), GATE, SHA)).isFalse();
    String other = "9".repeat(40);
    assertThat(DeployMark.marks(List.of(new Note(1, GATE, body, false)), GATE, other)).isFalse();
    assertThat(DeployMark.marks(List.of(new Note(1, null, body, false)), GATE, SHA)).isFalse();
    // A look-alike author (Cyrillic "о"), and the gate's own text with a look-alike marker.
    assertThat(
            DeployMark.marks(
                List.of(new Note(1, "project_42_b\u043et_gate", body, false)), GATE, SHA))
        .isFalse();
    assertThat(
            DeployMark.marks(
                List.of(new Note(1, GATE, body.replace("deployed:v1", "d\u0435ployed:v1"), false)),
                GATE,
                SHA))
        .isFalse();
  }
}
