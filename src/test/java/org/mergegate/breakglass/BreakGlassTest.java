package org.mergegate.breakglass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;

class BreakGlassTest {
  static final String SHA = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
  static final String OTHER = "ffffffffffffffffffffffffffffffffffffffff";

  static BreakGlassRecord record(String sha, String user) {
    return new BreakGlassRecord(
        sha,
        user,
        "scheduler crash loop, INC-4711 --> <b>fix</b>",
        Instant.parse("2026-11-23T12:00:00Z"),
        "https://gitlab.example.org/data/airflow-dags/-/jobs/42",
        17L);
  }

  @Test
  void noteRoundTripsTheRecordEvenWithHostileReasonText() {
    BreakGlassRecord r = record(SHA, "sre-sam");
    String body = BreakGlassNote.render(r);
    assertThat(body)
        .contains("Break-glass by @sre-sam")
        .contains(SHA)
        .contains("2026-11-23 12:00:00 UTC");
    assertThat(BreakGlassNote.parse(body)).contains(r);
  }

  @Test
  void commentsWithoutAWellFormedMarkerAreNotRecords() {
    assertThat(BreakGlassNote.parse("Break-glass by @sre-sam, trust me")).isEmpty();
    assertThat(BreakGlassNote.parse("<!-- merge-gate:break-glass:v1 bm90IGpzb24= -->")).isEmpty();
    assertThat(BreakGlassNote.parse(null)).isEmpty();
  }

  @Test
  void reasonIsRequiredAndMustSaySomething() {
    assertThatThrownBy(() -> BreakGlassRecord.checkReason("  "))
        .isInstanceOf(GateException.class)
        .hasMessageContaining("MERGE_GATE_REASON")
        .satisfies(e -> assertThat(((GateException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
    assertThatThrownBy(() -> BreakGlassRecord.checkReason("urgent fix"))
        .hasMessageContaining("too short");
    assertThat(BreakGlassRecord.checkReason("  scheduler down since 03:00  "))
        .isEqualTo("scheduler down since 03:00");
  }

  @Test
  void onlyTheGatesOwnNoteForTheHeadByAPermittedUserCounts() {
    String genuine = BreakGlassNote.render(record(SHA, "sre-sam"));
    List<BreakGlassVerifier.Note> notes =
        List.of(
            new BreakGlassVerifier.Note(1, "mallory", genuine, false),
            new BreakGlassVerifier.Note(2, "merge-gate-bot", genuine, false));

    BreakGlassVerifier.Outcome outcome =
        BreakGlassVerifier.verify(notes, "merge-gate-bot", SHA, Set.of("sre-sam")::contains);

    assertThat(outcome.record()).map(BreakGlassRecord::user).contains("sre-sam");
    assertThat(outcome.rejected())
        .singleElement()
        .asString()
        .contains("@mallory")
        .contains("not written by the gate");
  }

  @Test
  void aForgedCopyAloneNeverCounts() {
    String forged = BreakGlassNote.render(record(SHA, "sre-sam"));
    BreakGlassVerifier.Outcome outcome =
        BreakGlassVerifier.verify(
            List.of(new BreakGlassVerifier.Note(7, "author", forged, false)),
            "merge-gate-bot",
            SHA,
            u -> true);
    assertThat(outcome.record()).isEmpty();
  }

  @Test
  void aNewPushOrARevokedPermissionVoidsTheRecord() {
    String old = BreakGlassNote.render(record(SHA, "sre-sam"));
    List<BreakGlassVerifier.Note> notes =
        List.of(new BreakGlassVerifier.Note(3, "merge-gate-bot", old, false));

    BreakGlassVerifier.Outcome pushed =
        BreakGlassVerifier.verify(notes, "merge-gate-bot", OTHER, u -> true);
    assertThat(pushed.record()).isEmpty();
    assertThat(pushed.rejected()).singleElement().asString().contains("a new push voids it");

    BreakGlassVerifier.Outcome revoked =
        BreakGlassVerifier.verify(notes, "merge-gate-bot", SHA, u -> false);
    assertThat(revoked.record()).isEmpty();
    assertThat(revoked.rejected()).singleElement().asString().contains("not permitted");
  }

  @Test
  void systemNotesAreNeverRecords() {
    String genuine = BreakGlassNote.render(record(SHA, "sre-sam"));
    assertThat(
            BreakGlassVerifier.verify(
                    List.of(new BreakGlassVerifier.Note(9, "merge-gate-bot", genuine, true)),
                    "merge-gate-bot",
                    SHA,
                    u -> true)
                .record())
        .isEmpty();
  }

  @Test
  void aRecordNeedsAFullShaAndAUser() {
    assertThatThrownBy(() -> record("1a2b3c4", "sre-sam")).hasMessageContaining("40-hex");
    assertThatThrownBy(() -> record(SHA, "")).hasMessageContaining("GITLAB_USER_LOGIN");
  }
}
