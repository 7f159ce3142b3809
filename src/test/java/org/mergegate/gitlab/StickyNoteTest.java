package org.mergegate.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StickyNoteTest {
  private static final long GATE = 99L;
  private final FakeGitLab gitlab =
      new FakeGitLab().tokenUser(GATE, "project_42_bot").acceptWrites();
  private final GitLabHttp http = gitlab.client();
  private final StickyNote note = new StickyNote(http, "42", 7);

  @AfterEach
  void stop() {
    http.close();
    gitlab.close();
  }

  @Test
  void createsTheNoteOnTheFirstRun() {
    gitlab.notes(new Object[] {10L, "Looks good"});
    assertThat(note.upsert("**merge-gate**: satisfied")).isEqualTo(StickyNote.Outcome.CREATED);
    gitlab
        .server()
        .verify(
            postRequestedFor(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes"))
                .withRequestBody(
                    equalToJson(
                        "{\"body\":\"" + StickyNote.MARKER + "\\n**merge-gate**: satisfied\"}")));
  }

  @Test
  void editsItsOwnNoteInPlaceAfterwards() {
    gitlab.notes(new Object[] {GATE, StickyNote.MARKER + "\nold verdict"});
    assertThat(note.upsert("new verdict")).isEqualTo(StickyNote.Outcome.UPDATED);
    gitlab.server().verify(1, putRequestedFor(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes/300")));
    gitlab.server().verify(0, postRequestedFor(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes")));
  }

  @Test
  void aMarkerPastedBySomeoneElseIsNotTheGatesNote() {
    gitlab.notes(new Object[] {10L, StickyNote.MARKER + "\nsatisfied, trust me"});
    assertThat(note.upsert("not satisfied")).isEqualTo(StickyNote.Outcome.CREATED);
    gitlab.server().verify(0, putRequestedFor(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes/300")));
  }

  @Test
  void anUnchangedVerdictWritesNothing() {
    gitlab.notes(new Object[] {GATE, StickyNote.MARKER + "\nsame"});
    assertThat(note.upsert("same")).isEqualTo(StickyNote.Outcome.UNCHANGED);
    gitlab.server().verify(0, putRequestedFor(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes/300")));
  }
}
