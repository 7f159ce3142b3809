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
  void aLookAlikeAuthorOrMarkerNeverCounts() {
    String genuine = BreakGlassNote.render(record(SHA, "sre-sam"));
    // Cyrillic "о" in the author, a Cyrillic "е" in the marker, and a differently cased marker.
    List<BreakGlassVerifier.Note> notes =
        List.of(
            new BreakGlassVerifier.Note(1, "merge-gate-b\u043et", genuine, false),
            new BreakGlassVerifier.Note(
                2, "merge-gate-bot", genuine.replace("merge-gate:", "m\u0435rge-gate:"), false),
            new BreakGlassVerifier.Note(
                3, "merge-gate-bot", genuine.replace("merge-gate:", "MERGE-GATE:"), false),
            new BreakGlassVerifier.Note(4, "merge-gate-bot", genuine.replace("\n", "\r\n"), false));

    BreakGlassVerifier.Outcome outcome =
        BreakGlassVerifier.verify(notes, "merge-gate-bot", SHA, u -> true);

    assertThat(outcome.record()).isEmpty();
    assertThat(outcome.rejected()).singleElement().asString().contains("not written by the gate");
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

  // --- the note must be exactly what the gate renders (issue 12, part 1) ----------------------

  private static BreakGlassRecord withReason(String sha, String reason) {
    return new BreakGlassRecord(
        sha,
        "sre-sam",
        reason,
        Instant.parse("2026-11-23T12:00:00Z"),
        "https://x.example/j/1",
        17L);
  }

  @Test
  void aNoteCountsOnlyWhenItsWholeBodyIsWhatTheGateRendersForTheRecord() {
    String genuine = BreakGlassNote.render(record(SHA, "sre-sam"));
    assertThat(BreakGlassNote.parse(genuine)).isPresent();
    assertThat(BreakGlassNote.parse(genuine + "\n")).isEmpty();
    assertThat(BreakGlassNote.parse("Quoting the record:\n" + genuine)).isEmpty();
    assertThat(BreakGlassNote.parse("<!-- merge-gate:sticky-note -->\n" + genuine)).isEmpty();
    String marker = genuine.substring(genuine.lastIndexOf("<!--"));
    assertThat(BreakGlassNote.parse(marker)).isEmpty();
    assertThat(BreakGlassNote.parse(genuine.replace("sre-sam**", "sre-bob**"))).isEmpty();
  }

  @Test
  void aReasonCanNeverFormARecordMarkerNorLeaveTheQuote() {
    String forged = BreakGlassNote.render(record(OTHER, "sre-sam"));
    String reason =
        "scheduler down ``x`` INC-1\n\n# Approved by everyone\r\n"
            + forged.substring(forged.lastIndexOf("<!--"))
            + "\u2028@all see #12";
    BreakGlassRecord r = withReason(SHA, reason);

    String body = BreakGlassNote.render(r);

    assertThat(body.split("<!--", -1)).hasSize(2);
    assertThat(body.split("-->", -1)).hasSize(2);
    assertThat(body)
        .endsWith(" -->")
        .contains("> scheduler down \\`\\`x\\`\\` INC\\-1\n")
        .contains("\\@all see \\#12") // GitLab neither pings everyone nor links issue 12
        .doesNotContain("\n# ");
    String quoted = body.substring(body.indexOf("\n\n> ") + 2, body.indexOf("\n\nCommit "));
    assertThat(quoted.split("\n")).allSatisfy(line -> assertThat(line).startsWith(">"));
    assertThat(BreakGlassNote.parse(body)).contains(r);
    assertThat(
            BreakGlassVerifier.verify(
                    List.of(new BreakGlassVerifier.Note(1, "merge-gate-bot", body, false)),
                    "merge-gate-bot",
                    OTHER,
                    u -> true)
                .record())
        .isEmpty();
  }

  /** A note exactly as the gate wrote it before reasons and URLs were neutralised. */
  private static String writtenBeforeEscaping(BreakGlassRecord r) {
    String marker = BreakGlassNote.render(r);
    return ":rotating_light: **Break-glass by @"
        + r.user()
        + "**: This merge request may be deployed without the review its policy requires.\n\n> "
        + r.reason().replace("\n", "\n> ")
        + "\n\nCommit `"
        + r.sha()
        + "` · 2026-11-23 12:00:00 UTC · [job]("
        + r.jobUrl()
        + ")\n\nA review after the fact is required. A new push makes this bypass void.\n\n"
        + marker.substring(marker.lastIndexOf("<!--"));
  }

  @Test
  void notesWrittenBeforeEscapingStillCountButOnlyForTheirOwnRecord() {
    BreakGlassRecord plain = withReason(SHA, "scheduler crash loop, INC-4711");
    assertThat(BreakGlassNote.parse(writtenBeforeEscaping(plain))).contains(plain);

    // Such a note's reason could carry a marker for another commit: only the last one is read.
    String forged = BreakGlassNote.render(record(OTHER, "sre-sam"));
    BreakGlassRecord hostile =
        withReason(SHA, "crash loop " + forged.substring(forged.lastIndexOf("<!--")));
    assertThat(BreakGlassNote.parse(writtenBeforeEscaping(hostile))).contains(hostile);
  }

  @Test
  void aHostileJobUrlCannotBreakTheLinkOrFormAMarker() {
    BreakGlassRecord r =
        new BreakGlassRecord(
            SHA,
            "sre-sam",
            "scheduler crash loop, INC-4711",
            Instant.parse("2026-11-23T12:00:00Z"),
            "https://x.example/j/1) <!-- merge-gate:break-glass:v1 AAAA -->",
            17L);
    String body = BreakGlassNote.render(r);
    assertThat(body.split("<!--", -1)).hasSize(2);
    assertThat(body).contains("[job](https://x.example/j/1%29%20%3C!--");
    assertThat(BreakGlassNote.parse(body)).contains(r);
  }

  @Test
  void theFollowUpIssueQuotesTheReasonHarmlesslyAndNamesItsRecordExactly() {
    BreakGlassRecord r =
        withReason(SHA, "db down ``` <!-- merge-gate:follow-up:v1 AAAA --> @all\n# Done");
    String description = FollowUpIssueText.render(r, "https://x.example/mr/17/diffs");

    assertThat(description.split("<!--", -1)).hasSize(2);
    assertThat(description.split("```", -1)).hasSize(3); // the JSON block's own fences only
    // Outside the JSON code block (where GitLab links nothing) no mention and no heading.
    assertThat(description.substring(0, description.indexOf("```json")))
        .doesNotContain("\n# ")
        .doesNotContain(" @all");
    assertThat(FollowUpIssueText.parse(description))
        .contains(new FollowUpIssueText.FollowUp(r, "https://x.example/mr/17/diffs"));
    assertThat(FollowUpIssueText.parse(description + " ")).isEmpty();
    assertThat(FollowUpIssueText.title(r)).isEqualTo("Review after break-glass: !17");
  }

  @Test
  void aRecordNeedsAFullShaAndAUser() {
    assertThatThrownBy(() -> record("1a2b3c4", "sre-sam")).hasMessageContaining("40-hex");
    assertThatThrownBy(() -> record(SHA, "")).hasMessageContaining("GITLAB_USER_LOGIN");
  }
}
