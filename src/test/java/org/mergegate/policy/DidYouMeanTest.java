package org.mergegate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  private static final List<String> KEYS = List.of("allowed", "follow_up_issue", "labels");

  @Test
  void suggestsTheNearestKey() {
    assertThat(DidYouMean.suggest("alowed", KEYS)).contains("allowed");
    assertThat(DidYouMean.suggest("lables", KEYS)).contains("labels");
    assertThat(DidYouMean.suggest("Follow-Up-Issue", KEYS)).contains("follow_up_issue");
  }

  @Test
  void staysQuietWhenNothingIsClose() {
    assertThat(DidYouMean.suggest("reviewers", KEYS)).isEmpty();
    assertThat(DidYouMean.suggest("x".repeat(10_000), KEYS)).isEmpty();
  }
}
