package org.mergegate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mergegate.policy.Mr.minutes;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mergegate.review.Version;

class PushHistoryTest {
  private static final Version V1 = new Version("1111111111", minutes(0), "p1");

  @Test
  void noVersionsKnownMeansEveryApprovalCounts() {
    PushHistory history = new PushHistory(List.of());
    assertThat(history.resetReason(minutes(1))).isNull();
    assertThat(history.resetReason(null)).isNull();
  }

  @Test
  void approvalAfterTheLatestPushCounts() {
    PushHistory history = new PushHistory(List.of(V1, new Version("22222222", minutes(5), "p2")));
    assertThat(history.resetReason(minutes(6))).isNull();
  }

  @Test
  void approvalAtTheSameInstantAsThePushApprovesThatPush() {
    PushHistory history = new PushHistory(List.of(V1, new Version("22222222", minutes(5), "p2")));
    assertThat(history.resetReason(minutes(5))).isNull();
  }

  @Test
  void rebaseWithTheSamePatchIdKeepsTheApproval() {
    PushHistory history = new PushHistory(List.of(V1, new Version("22222222", minutes(5), "p1")));
    assertThat(history.resetReason(minutes(1))).isNull();
  }

  @Test
  void aDifferentPatchIdResets() {
    PushHistory history = new PushHistory(List.of(V1, new Version("2222222299", minutes(5), "p2")));
    assertThat(history.resetReason(minutes(1)))
        .isEqualTo("approved before the push of 22222222 at 2024-05-01T10:05:00Z");
  }

  @Test
  void anAbsentPatchIdResets() {
    PushHistory history = new PushHistory(List.of(V1, new Version("22222222", minutes(5), null)));
    assertThat(history.resetReason(minutes(1))).startsWith("approved before the push of 22222222");
  }

  @Test
  void absentPatchIdOnTheApprovedVersionResetsToo() {
    PushHistory history =
        new PushHistory(
            List.of(
                new Version("11111111", minutes(0), null),
                new Version("22222222", minutes(5), null)));
    assertThat(history.resetReason(minutes(1))).isNotNull();
  }

  @Test
  void theFirstDifferingPushIsNamedEvenIfALaterOneRevertsIt() {
    PushHistory history =
        new PushHistory(
            List.of(
                new Version("33333333", minutes(9), "p1"),
                V1,
                new Version("22222222", minutes(5), "p2")));
    assertThat(history.resetReason(minutes(1))).contains("22222222");
  }

  @Test
  void versionsAreSortedByTimeWhateverTheInputOrder() {
    PushHistory history = new PushHistory(List.of(new Version("22222222", minutes(5), "p2"), V1));
    assertThat(history.resetReason(minutes(6))).isNull();
    assertThat(history.resetReason(minutes(1))).contains("22222222");
  }

  @Test
  void unknownApprovalTimeCountsOnlyWithASinglePush() {
    assertThat(new PushHistory(List.of(V1)).resetReason(null)).isNull();
    PushHistory twoPushes = new PushHistory(List.of(V1, new Version("22222222", minutes(5), "p1")));
    assertThat(twoPushes.resetReason(null))
        .isEqualTo(
            "approval time unknown, so it counts as given before the push of 22222222 at"
                + " 2024-05-01T10:05:00Z");
  }

  @Test
  void approvalBeforeAnyKnownPushIsReset() {
    PushHistory history = new PushHistory(List.of(new Version("11111111", minutes(5), "p1")));
    assertThat(history.resetReason(minutes(1))).contains("11111111");
  }

  @Test
  void versionWithUnknownTimeCountsAsTheNewest() {
    PushHistory history = new PushHistory(List.of(V1, new Version("22222222", null, "p2")));
    assertThat(history.resetReason(minutes(60))).contains("22222222 at an unknown time");
  }
}
