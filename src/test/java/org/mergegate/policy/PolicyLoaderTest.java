package org.mergegate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyLoaderTest {

  private static PolicyLoader.Result load(String... lines) {
    return PolicyLoader.load(String.join("\n", lines) + "\n");
  }

  private static Policy valid(String... lines) {
    PolicyLoader.Result result = load(lines);
    assertThat(result.problems()).isEmpty();
    assertThat(result.policy()).isNotNull();
    return result.policy();
  }

  /** Asserts exactly one problem, on {@code line}, and returns its message. */
  private static String onlyProblem(int line, String... lines) {
    PolicyLoader.Result result = load(lines);
    assertThat(result.policy()).isNull();
    assertThat(result.problems()).hasSize(1);
    assertThat(result.problems().get(0).line()).isEqualTo(line);
    return result.problems().get(0).message();
  }

  @Nested
  class ValidFiles {
    @Test
    void readsEveryKey() {
      Policy policy =
          valid(
              "approvals:",
              "  required: 2",
              "  reset_on_push: false",
              "  count_bots: true",
              "  requested_changes_block: false",
              "codeowners:",
              "  path: .gitlab/CODEOWNERS",
              "break_glass:",
              "  allowed: [\"@data-platform-sre\", \"@Alice\", \"@@maintainers\", \"@org/sub.grp\"]",
              "  follow_up_issue: false",
              "  labels: [\"break-glass\", \"incident::sev1\"]");
      assertThat(policy)
          .isEqualTo(
              new Policy(
                  new Policy.Approvals(2, false, true, false),
                  new Policy.Codeowners(".gitlab/CODEOWNERS"),
                  new Policy.BreakGlass(
                      List.of("@data-platform-sre", "@Alice", "@@maintainers", "@org/sub.grp"),
                      false,
                      List.of("break-glass", "incident::sev1"))));
    }

    @Test
    void emptyFileMeansDefaults() {
      assertThat(PolicyLoader.load("").policy()).isEqualTo(Policy.defaults());
      assertThat(PolicyLoader.load("").problems()).isEmpty();
    }

    @Test
    void commentsOnlyMeanDefaults() {
      assertThat(valid("# merge-gate policy", "   # nothing set yet")).isEqualTo(Policy.defaults());
    }

    @Test
    void bareDocumentMarkerMeansDefaults() {
      assertThat(valid("---")).isEqualTo(Policy.defaults());
    }

    @Test
    void missingKeysTakeDefaults() {
      Policy policy = valid("approvals:", "  required: 3");
      Policy defaults = Policy.defaults();
      assertThat(policy.approvals())
          .isEqualTo(
              new Policy.Approvals(
                  3, defaults.approvals().resetOnPush(), defaults.approvals().countBots()));
      assertThat(policy.codeowners()).isEqualTo(defaults.codeowners());
      assertThat(policy.breakGlass()).isEqualTo(defaults.breakGlass());
    }

    @Test
    void breakGlassPartiallyGivenKeepsOtherDefaults() {
      Policy policy = valid("break_glass:", "  follow_up_issue: false");
      assertThat(policy.breakGlass().allowed()).isEqualTo(Policy.defaults().breakGlass().allowed());
      assertThat(policy.breakGlass().followUpIssue()).isFalse();
    }

    @Test
    void emptyAllowedListMeansNobodyMayBreakGlass() {
      assertThat(valid("break_glass:", "  allowed: []").breakGlass().allowed()).isEmpty();
    }

    @Test
    void explicitDocumentStartAndEndAreFine() {
      assertThat(valid("---", "approvals:", "  required: 2", "...").approvals().required())
          .isEqualTo(2);
    }

    @Test
    void upperBoundOfRequiredIsAccepted() {
      assertThat(valid("approvals:", "  required: 100").approvals().required()).isEqualTo(100);
    }
  }

  @Nested
  class UnknownKeys {
    @Test
    void topLevelTypoSaysWhatWasExpectedAndSuggests() {
      String message = onlyProblem(1, "aproval:", "  required: 2");
      assertThat(message)
          .startsWith("unknown key 'aproval' (expected one of: approvals, codeowners, break_glass)")
          .contains("did you mean 'approvals'?");
    }

    @Test
    void nestedTypoIsReportedOnItsLine() {
      String message = onlyProblem(3, "approvals:", "  required: 2", "  reset-on-push: false");
      assertThat(message)
          .contains("unknown key 'reset-on-push' in approvals")
          .contains("did you mean 'reset_on_push'?");
    }

    @Test
    void unrelatedKeyGetsNoSuggestion() {
      String message = onlyProblem(2, "break_glass:", "  reviewers: [\"@a\"]");
      assertThat(message)
          .isEqualTo(
              "unknown key 'reviewers' in break_glass (expected one of: allowed, follow_up_issue,"
                  + " labels)");
    }

    @Test
    void everyUnknownKeyIsReported() {
      PolicyLoader.Result result =
          load("approvals:", "  requird: 2", "codeowner:", "  path: CODEOWNERS", "extra: 1");
      assertThat(result.problems()).extracting(PolicyProblem::line).containsExactly(2, 3, 5);
      assertThat(result.policy()).isNull();
    }
  }

  @Nested
  class BadValues {
    @Test
    void requiredAsText() {
      assertThat(onlyProblem(2, "approvals:", "  required: two"))
          .isEqualTo(
              "approvals.required must be a whole number from 1 to 100; found the text 'two'");
    }

    @Test
    void requiredQuotedNumberSaysToDropQuotes() {
      assertThat(onlyProblem(2, "approvals:", "  required: \"2\""))
          .contains("found the text '2'")
          .contains("without quotes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "101", "99999999999999999999", "true", "[1]"})
    void requiredOutOfRangeOrWrongType(String value) {
      assertThat(onlyProblem(2, "approvals:", "  required: " + value))
          .startsWith("approvals.required must be a whole number from 1 to 100; found");
    }

    @Test
    void requiredZeroIsRefusedWithTheReason() {
      assertThat(onlyProblem(2, "approvals:", "  required: 0"))
          .startsWith("approvals.required must be at least 1")
          .contains("break_glass");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "yes", "on", "1", "\"true\""})
    void booleansAreTrueOrFalseOnly(String value) {
      assertThat(onlyProblem(2, "approvals:", "  reset_on_push: " + value))
          .startsWith("approvals.reset_on_push must be true or false; found");
    }

    @Test
    void booleanCaseIsForgiven() {
      assertThat(valid("approvals:", "  count_bots: True").approvals().countBots()).isTrue();
    }

    @Test
    void listWhereAMapBelongs() {
      assertThat(onlyProblem(1, "approvals: [1, 2]"))
          .isEqualTo(
              "approvals must be a map with the keys required, reset_on_push, count_bots,"
                  + " requested_changes_block; found a list");
    }

    @Test
    void requestedChangesBlockIsOnUnlessTurnedOff() {
      assertThat(Policy.defaults().approvals().requestedChangesBlock()).isTrue();
      assertThat(valid("approvals:", "  required: 2").approvals().requestedChangesBlock()).isTrue();
      assertThat(valid("approvals:", "  requested_changes_block: false").approvals())
          .isEqualTo(new Policy.Approvals(1, true, false, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no", "off", "0", "\"false\""})
    void requestedChangesBlockIsTrueOrFalseOnly(String value) {
      assertThat(onlyProblem(2, "approvals:", "  requested_changes_block: " + value))
          .startsWith("approvals.requested_changes_block must be true or false; found");
    }

    @Test
    void aMisspeltRequestedChangesKeyIsAnError() {
      assertThat(onlyProblem(2, "approvals:", "  requested_changes_blocks: false"))
          .contains("requested_changes_block");
    }

    @Test
    void keyWithoutValueIsNotSilentlyDefaulted() {
      assertThat(onlyProblem(1, "break_glass:", "codeowners:", "  path: CODEOWNERS"))
          .contains("break_glass must be a map")
          .contains("remove the key to use the defaults");
    }

    @Test
    void rootMustBeAMap() {
      assertThat(onlyProblem(1, "- approvals")).startsWith("the policy must be a map");
    }

    @Test
    void mapWhereAListBelongs() {
      assertThat(onlyProblem(3, "break_glass:", "  labels:", "    name: break-glass"))
          .startsWith("break_glass.labels must be a list");
    }

    @Test
    void allowedMustBeOwnerReferences() {
      PolicyLoader.Result result =
          load(
              "break_glass:",
              "  allowed:",
              "    - \"@ok\"",
              "    - alice",
              "    - sre@example.org",
              "    - \"@@reporter\"",
              "    - 42",
              "    - \"@\"");
      assertThat(result.policy()).isNull();
      assertThat(result.problems()).extracting(PolicyProblem::line).containsExactly(4, 5, 6, 7, 8);
      assertThat(result.problems().get(0).message())
          .isEqualTo(
              "break_glass.allowed[1] must be an owner reference like \"@user\","
                  + " \"@group/subgroup\" or \"@@maintainer\"; found 'alice' (did you mean"
                  + " \"@alice\"?)");
      assertThat(result.problems().get(3).message())
          .isEqualTo("break_glass.allowed[4] must be a quoted text; found the number 42");
    }

    @Test
    void singleOwnerInsteadOfListSaysHowToWriteIt() {
      assertThat(onlyProblem(2, "break_glass:", "  allowed: \"@sre\""))
          .startsWith("break_glass.allowed must be a list, e.g. [\"@data-platform-sre\"]");
    }

    @Test
    void unquotedOwnerReferenceIsASyntaxErrorWithAHint() {
      String message = onlyProblem(2, "break_glass:", "  allowed: [@sre]");
      assertThat(message).startsWith("invalid YAML:").contains("quote owner references");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/CODEOWNERS", "../CODEOWNERS", "docs/", "a//b", "\"\"", "a\\\\b"})
    void codeownersPathMustBeARelativeFile(String path) {
      assertThat(onlyProblem(2, "codeowners:", "  path: " + path)).startsWith("codeowners.path ");
    }

    @Test
    void labelsMustNotContainCommas() {
      assertThat(onlyProblem(2, "break_glass:", "  labels: [\"a,b\"]"))
          .startsWith("break_glass.labels[0] must be a non-empty label without commas");
    }

    @Test
    void allProblemsAreCollectedInLineOrder() {
      PolicyLoader.Result result =
          load(
              "approvals:",
              "  required: two",
              "  reset_on_push: maybe",
              "  count_bot: true",
              "break_glass:",
              "  allowed: [alice]");
      assertThat(result.problems()).extracting(PolicyProblem::line).containsExactly(2, 3, 4, 6);
    }
  }

  @Nested
  class YamlTraps {
    @Test
    void duplicateKeyIsAnErrorEvenWhenTheSecondIsStricter() {
      String message = onlyProblem(3, "approvals:", "  required: 2", "  required: 1");
      assertThat(message).isEqualTo("duplicate key 'required' (first at line 2); keep only one");
    }

    @Test
    void duplicateTopLevelSection() {
      PolicyLoader.Result result =
          load("approvals:", "  required: 2", "approvals:", "  required: 1");
      assertThat(result.policy()).isNull();
      assertThat(result.problems())
          .singleElement()
          .satisfies(p -> assertThat(p.line()).isEqualTo(3));
    }

    @Test
    void anchorsAndAliasesAreRefused() {
      PolicyLoader.Result result =
          load(
              "break_glass:",
              "  allowed: &owners [\"@sre\"]",
              "  labels: *owners",
              "approvals:",
              "  required: 2");
      assertThat(result.policy()).isNull();
      assertThat(result.problems()).extracting(PolicyProblem::line).containsExactly(2, 3);
      assertThat(result.problems().get(0).message()).contains("anchors (&owners)");
      assertThat(result.problems().get(1).message()).contains("aliases (*owners)");
    }

    @Test
    void billionLaughsIsRefusedWithoutExpanding() {
      StringBuilder bomb = new StringBuilder("a0: &a0 [\"lol\"]\n");
      for (int i = 1; i < 30; i++) {
        bomb.append("a")
            .append(i)
            .append(": &a")
            .append(i)
            .append(" [*a")
            .append(i - 1)
            .append(", *a")
            .append(i - 1)
            .append("]\n");
      }
      PolicyLoader.Result result = PolicyLoader.load(bomb.toString());
      assertThat(result.policy()).isNull();
      assertThat(result.problems()).isNotEmpty();
      assertThat(result.problems())
          .first()
          .satisfies(p -> assertThat(p.message()).contains("anchors (&a0)"));
      // 30 anchors and 30 unknown keys: the list is capped so validate's output stays readable.
      assertThat(result.problems()).hasSize(PolicyLoader.MAX_PROBLEMS + 1);
      assertThat(result.problems().get(PolicyLoader.MAX_PROBLEMS).message())
          .startsWith("10 more problems not shown");
    }

    @Test
    void tagsAreRefused() {
      assertThat(onlyProblem(2, "approvals:", "  required: !!int \"2\"")).contains("tags");
    }

    @Test
    void secondDocumentIsRefused() {
      String message = onlyProblem(4, "approvals:", "  required: 2", "---", "approvals:");
      assertThat(message).contains("single document");
    }

    @Test
    void syntaxErrorReportsTheLineYamlGives() {
      PolicyLoader.Result result =
          load("approvals:", "  required: 2", "    reset_on_push: false", "codeowners: {");
      assertThat(result.policy()).isNull();
      assertThat(result.problems()).hasSize(1);
      assertThat(result.problems().get(0).line()).isEqualTo(3);
      assertThat(result.problems().get(0).message()).startsWith("invalid YAML: ");
      assertThat(result.problems().get(0).message()).doesNotContain("\n");
    }

    @Test
    void tabIndentationIsReportedOnItsLine() {
      PolicyLoader.Result result = load("approvals:", "\trequired: 2");
      assertThat(result.problems())
          .singleElement()
          .satisfies(p -> assertThat(p.line()).isEqualTo(2));
    }

    @Test
    void binaryGarbageNeverThrows() {
      PolicyLoader.Result result = PolicyLoader.load("\u0000\u0001{[: ]]}}\uFFFF");
      assertThat(result.policy()).isNull();
      assertThat(result.problems()).isNotEmpty();
    }
  }
}
