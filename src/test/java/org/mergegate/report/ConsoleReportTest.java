package org.mergegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mergegate.policy.RuleResult;
import org.mergegate.policy.Verdict;

class ConsoleReportTest {
  private static final Pattern PROGRESS = Pattern.compile("\\b\\d+/\\d+\\b");

  private static List<String> lines(String report) {
    return report.lines().toList();
  }

  private static List<String> ruleLines(String report) {
    return lines(report).stream().filter(l -> l.matches("  \\[(ok|FAIL|opt)] .*")).toList();
  }

  @Test
  void firstLineSaysTheVerdictAndCountsTheBlockingRules() {
    String report = ConsoleReport.plain().render(Verdicts.failing());

    assertThat(lines(report).get(0))
        .isEqualTo(
            "merge-gate: NOT SATISFIED - 2 of 4 rules unmet, 1 optional unmet"
                + " (MR by @alice, 12 changed paths, head 1a2b3c4d)");
  }

  @Test
  void aStandingRequestForChangesNamesTheBlockerAndWhatLiftsIt() {
    String report = ConsoleReport.plain().render(Verdicts.requestedChanges());

    assertThat(lines(report))
        .containsExactly(
            "merge-gate: NOT SATISFIED - 1 of 2 rules unmet (MR by @alice, 1 changed path, head"
                + " 1a2b3c4d)",
            "  [ok]   approvals          1/1  approved by @bob",
            "  [FAIL] requested changes  1/2  blocked by @carol",
            "         @carol requested changes at 2024-05-03 14:02 UTC and is no longer a"
                + " reviewer; only @carol's approval lifts it",
            "         only their own approval lifts each: @carol");
  }

  @Test
  void satisfiedVerdictSaysSoAndPrintsNoDetails() {
    String report = ConsoleReport.plain().render(Verdicts.satisfied());

    assertThat(lines(report))
        .containsExactly(
            "merge-gate: SATISFIED - all 2 rules met (MR by @alice, 3 changed paths, head 1a2b3c4d)",
            "  [ok]   approvals          1/1  approved by @bob",
            "  [ok]   CODEOWNERS [Docs]  1/1  approved by @carol");
  }

  @Test
  void satisfiedWithAnOptionalSectionUnmetStillSaysSatisfied() {
    Verdict verdict =
        new Verdict(
            true,
            "alice",
            Verdicts.HEAD,
            1,
            List.of(
                Verdicts.approvals(1, List.of("bob"), List.of()), Verdicts.securityOptionalUnmet()),
            List.of());

    String report = ConsoleReport.plain().render(verdict);

    assertThat(lines(report).get(0))
        .startsWith("merge-gate: SATISFIED - 1 of 2 rules met, 1 optional unmet (MR by @alice, 1 ");
    assertThat(report).contains("[opt]  CODEOWNERS [Security]").doesNotContain("[FAIL]");
  }

  @Test
  void oneLinePerRuleInVerdictOrderWithAStatusMarker() {
    List<String> rules = ruleLines(ConsoleReport.plain().render(Verdicts.failing()));

    assertThat(rules).hasSize(4);
    assertThat(rules.get(0)).startsWith("  [FAIL] approvals ").contains("1/2", "approved by @bob");
    assertThat(rules.get(1)).startsWith("  [ok]   CODEOWNERS [Docs] ");
    assertThat(rules.get(2))
        .startsWith("  [FAIL] CODEOWNERS [Backend] ")
        .contains("1/4", "approved by @bob");
    assertThat(rules.get(3)).startsWith("  [opt]  CODEOWNERS [Security] ").contains("0/1");
    assertThat(rules.get(3)).endsWith("no approvals");
  }

  @Test
  void approvalsAndApproverColumnsStartAtTheSameOffsetOnEveryRuleLine() {
    List<String> rules = ruleLines(ConsoleReport.plain().render(Verdicts.failing()));

    List<Integer> progressAt =
        rules.stream()
            .map(
                l -> {
                  Matcher m = PROGRESS.matcher(l);
                  assertThat(m.find()).as(l).isTrue();
                  return m.start();
                })
            .distinct()
            .toList();
    List<Integer> approversAt =
        rules.stream()
            .map(l -> Math.max(l.indexOf("approved by"), l.indexOf("no approvals")))
            .distinct()
            .toList();
    assertThat(progressAt).hasSize(1);
    assertThat(approversAt).hasSize(1).allMatch(at -> at > progressAt.get(0));
  }

  @Test
  void unmetRuleIsFollowedBySummaryAndWhoCanApprove() {
    List<String> lines = lines(ConsoleReport.plain().render(Verdicts.failing()));
    int approvals = lines.indexOf(ruleLines(String.join("\n", lines)).get(0));

    assertThat(lines.get(approvals + 1).strip())
        .isEqualTo("needs 1 more approval from anyone but the author");
    assertThat(lines.get(approvals + 2).strip()).isEqualTo("can approve: @carol, @dave, @erin");
    // Details are indented under the rule name, past the status marker.
    assertThat(lines.get(approvals + 1)).startsWith("         n");
  }

  @Test
  void unmetSectionShowsEachEntryWithItsLineOwnersPathsAndProblems() {
    String report = ConsoleReport.plain().render(Verdicts.failing());

    assertThat(report)
        .contains("can approve: @carol, @dave, @erin, @frank\n")
        .contains("entry /src/api/ (line 7, owners @backend-team): 1/2, approved by @bob\n")
        .contains("  can approve: @carol, @dave\n")
        .contains(
            "  paths: src/api/A.java, src/api/B.java, src/api/C.java, src/api/D.java,"
                + " src/api/E.java and 3 more\n")
        .contains("entry *.sql (line 9, owners @dba erin@example.org): 0/2, no approvals\n")
        .contains("  can approve: @erin, @frank\n")
        .contains("  paths: db/001_init.sql\n")
        .contains("  problem: erin@example.org matches no GitLab user with access to the project");
  }

  @Test
  void metRulesGetNoDetailLines() {
    String report = ConsoleReport.plain().render(Verdicts.failing());

    assertThat(report).doesNotContain("approved by code owner").doesNotContain("entry *.md");
  }

  @Test
  void ignoredApprovalsAreListedWithTheirReasons() {
    List<String> lines = lines(ConsoleReport.plain().render(Verdicts.failing()));

    assertThat(lines.subList(lines.indexOf("ignored approvals:"), lines.size()))
        .containsExactly(
            "ignored approvals:",
            "  @alice: is the author",
            "  @renovate-bot: is a bot",
            "  @mallory: approved before the latest push");
  }

  @Test
  void aRuleNobodyCanSatisfySaysSo() {
    RuleResult stuck =
        new RuleResult(
            RuleResult.Kind.CODEOWNERS,
            "Backend",
            false,
            false,
            1,
            List.of(),
            1,
            List.of(),
            List.of(),
            "needs 1 approval");
    Verdict verdict = new Verdict(false, "alice", Verdicts.HEAD, 1, List.of(stuck), List.of());

    assertThat(ConsoleReport.plain().render(verdict))
        .contains("can approve: nobody eligible is left");
  }

  @Test
  void thePlainApprovalRuleDoesNotClaimNobodyCanApprove() {
    RuleResult approvals =
        new RuleResult(
            RuleResult.Kind.APPROVALS,
            "approvals",
            false,
            false,
            1,
            List.of(),
            1,
            List.of(),
            List.of(),
            "needs 1 approval from someone other than the author @alice");
    Verdict verdict = new Verdict(false, "alice", Verdicts.HEAD, 1, List.of(approvals), List.of());

    assertThat(ConsoleReport.plain().render(verdict))
        .contains("needs 1 approval from someone other than the author @alice")
        .doesNotContain("can approve");
  }

  @Test
  void aFailingVerdictWithoutUnmetRulesStillSaysNotSatisfied() {
    Verdict odd =
        new Verdict(
            false,
            null,
            null,
            0,
            List.of(Verdicts.approvals(1, List.of("bob"), List.of())),
            List.of());

    assertThat(lines(ConsoleReport.plain().render(odd)).get(0))
        .isEqualTo(
            "merge-gate: NOT SATISFIED - no rule reports what is missing"
                + " (MR by ?, 0 changed paths, head unknown)");
  }

  @Test
  void plainReportHasNoAnsiCodesAndColourAddsOnlyAnsiCodes() {
    String plain = ConsoleReport.plain().render(Verdicts.failing());
    String coloured = ConsoleReport.withColour(true).render(Verdicts.failing());

    assertThat(plain).doesNotContain("\u001B");
    assertThat(coloured).contains("\u001B[31m[FAIL]\u001B[0m", "\u001B[32m[ok]  \u001B[0m");
    assertThat(coloured.replaceAll("\u001B\\[[0-9;]*m", "")).isEqualTo(plain);
    assertThat(ConsoleReport.withColour(false).render(Verdicts.failing())).isEqualTo(plain);
  }

  @Test
  void ownTextIsPlainAscii() {
    String report = ConsoleReport.plain().render(Verdicts.failing());

    assertThat(report.chars().allMatch(c -> c < 0x7F && (c >= 0x20 || c == '\n'))).isTrue();
  }

  @Test
  void hostileNamesAndPathsCannotInjectEscapesOrForgeLines() {
    String report = ConsoleReport.withColour(false).render(Verdicts.hostile());

    assertThat(report).doesNotContain("\u001B", "\u0001", "\u0000", "\u0007", "\u202E");
    assertThat(lines(report).stream().filter(l -> l.startsWith("merge-gate:")))
        .containsExactly(lines(report).get(0));
    assertThat(lines(report).get(0)).contains("NOT SATISFIED");
    assertThat(report)
        .contains("CODEOWNERS [<script>&\"'\\u0001]]>]")
        .contains("evil\\u0001\\u001B[32mok\\u000Amerge-gate: SATISFIED\\u202E.txt")
        .contains("@eve\\u001B[2K: is the \\u0000author");
  }

  @Test
  void colourOnlyOnATerminalWithoutNoColor() {
    assertThat(ConsoleReport.colourWanted(Map.of(), true)).isTrue();
    assertThat(ConsoleReport.colourWanted(Map.of("TERM", "xterm-256color"), true)).isTrue();
    assertThat(ConsoleReport.colourWanted(Map.of(), false)).isFalse();
    assertThat(ConsoleReport.colourWanted(Map.of("NO_COLOR", "1"), true)).isFalse();
    // no-color.org: an empty NO_COLOR does not count as set.
    assertThat(ConsoleReport.colourWanted(Map.of("NO_COLOR", ""), true)).isTrue();
    assertThat(ConsoleReport.colourWanted(Map.of("TERM", "dumb"), true)).isFalse();
  }
}
