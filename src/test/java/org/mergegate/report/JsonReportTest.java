package org.mergegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.policy.Verdict;

class JsonReportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode parse(String json) throws Exception {
    return MAPPER.readTree(json);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  @Test
  void topLevelCarriesTheDocumentedFields() throws Exception {
    JsonNode root = parse(JsonReport.render(Verdicts.failing()));

    assertThat(fieldNames(root))
        .containsExactly(
            "schema_version",
            "tool",
            "satisfied",
            "author",
            "head_sha",
            "changed_paths",
            "rules",
            "ignored",
            "break_glass");
    assertThat(root.get("break_glass").isNull()).isTrue();
    assertThat(root.get("schema_version").asInt()).isEqualTo(1);
    assertThat(root.get("tool").asText()).isEqualTo("merge-gate");
    assertThat(root.get("satisfied").asBoolean()).isFalse();
    assertThat(root.get("author").asText()).isEqualTo("alice");
    assertThat(root.get("head_sha").asText()).isEqualTo(Verdicts.HEAD);
    assertThat(root.get("changed_paths").asInt()).isEqualTo(12);
  }

  @Test
  void requestedChangesNameWhoBlocksAndWhatLiftsIt() throws Exception {
    JsonNode root = parse(JsonReport.render(Verdicts.requestedChanges()));
    assertThat(root.get("satisfied").asBoolean()).isFalse();
    JsonNode rule = root.get("rules").get(1);
    assertThat(rule.get("kind").asText()).isEqualTo("requested_changes");
    assertThat(rule.get("name").asText()).isEqualTo("requested changes");
    assertThat(rule.get("met").asBoolean()).isFalse();
    assertThat(rule.get("eligible").toString()).isEqualTo("[\"carol\"]");
    assertThat(rule.get("summary").asText())
        .isEqualTo(
            "@carol requested changes at 2024-05-03 14:02 UTC and is no longer a reviewer; only"
                + " @carol's approval lifts it");
    assertThat(rule.get("requested_changes").toString())
        .isEqualTo(
            "[{\"username\":\"carol\",\"requested_at\":\"2024-05-03T14:02:00Z\","
                + "\"standing\":true,\"lifted_only_by\":\"carol\",\"still_reviewer\":false},"
                + "{\"username\":\"dave\",\"requested_at\":\"2024-05-03T14:02:00Z\","
                + "\"standing\":false,\"lifted_only_by\":\"dave\",\"still_reviewer\":true}]");
  }

  @Test
  void everyRuleAndEntryHasTheDocumentedFields() throws Exception {
    JsonNode rules = parse(JsonReport.render(Verdicts.failing())).get("rules");

    assertThat(rules).hasSize(4);
    for (JsonNode rule : rules) {
      assertThat(fieldNames(rule))
          .containsExactly(
              "kind",
              "name",
              "met",
              "optional",
              "required",
              "approved_by",
              "missing",
              "eligible",
              "summary",
              "entries",
              "requested_changes");
      assertThat(rule.get("requested_changes")).isEmpty();
      for (JsonNode entry : rule.get("entries")) {
        assertThat(fieldNames(entry))
            .containsExactly(
                "pattern",
                "line",
                "owners",
                "paths",
                "approved_by",
                "missing",
                "eligible",
                "problems");
      }
    }
  }

  @Test
  void rulesKeepTheVerdictsValues() throws Exception {
    JsonNode rules = parse(JsonReport.render(Verdicts.failing())).get("rules");

    JsonNode approvals = rules.get(0);
    assertThat(approvals.get("kind").asText()).isEqualTo("approvals");
    assertThat(approvals.get("met").asBoolean()).isFalse();
    assertThat(approvals.get("required").asInt()).isEqualTo(2);
    assertThat(texts(approvals.get("approved_by"))).containsExactly("bob");
    assertThat(approvals.get("missing").asInt()).isEqualTo(1);
    assertThat(texts(approvals.get("eligible"))).containsExactly("carol", "dave", "erin");
    assertThat(approvals.get("entries")).isEmpty();

    JsonNode backend = rules.get(2);
    assertThat(backend.get("kind").asText()).isEqualTo("codeowners");
    assertThat(backend.get("name").asText()).isEqualTo("Backend");
    assertThat(backend.get("missing").asInt()).isEqualTo(3);
    JsonNode sql = backend.get("entries").get(1);
    assertThat(sql.get("pattern").asText()).isEqualTo("*.sql");
    assertThat(sql.get("line").asInt()).isEqualTo(9);
    assertThat(texts(sql.get("owners"))).containsExactly("@dba", "erin@example.org");
    assertThat(texts(sql.get("paths"))).containsExactly("db/001_init.sql");
    assertThat(sql.get("approved_by")).isEmpty();
    assertThat(sql.get("missing").asInt()).isEqualTo(2);
    assertThat(texts(sql.get("problems")))
        .containsExactly("erin@example.org matches no GitLab user with access to the project");
    // Every path is there: the JSON is the full verdict, the cap is only for people.
    assertThat(backend.get("entries").get(0).get("paths")).hasSize(8);

    JsonNode security = rules.get(3);
    assertThat(security.get("optional").asBoolean()).isTrue();
    assertThat(security.get("met").asBoolean()).isFalse();
  }

  @Test
  void ignoredApprovalsKeepUsernameAndReason() throws Exception {
    JsonNode ignored = parse(JsonReport.render(Verdicts.failing())).get("ignored");

    assertThat(ignored).hasSize(3);
    assertThat(ignored.get(1).get("username").asText()).isEqualTo("renovate-bot");
    assertThat(ignored.get(1).get("reason").asText()).isEqualTo("is a bot");
  }

  @Test
  void hostileTextRoundTripsUnchanged() throws Exception {
    Verdict hostile = Verdicts.hostile();

    JsonNode rule = parse(JsonReport.render(hostile)).get("rules").get(1);

    assertThat(rule.get("name").asText()).isEqualTo(hostile.rules().get(1).name());
    assertThat(rule.get("entries").get(0).get("paths").get(0).asText())
        .isEqualTo(hostile.rules().get(1).entries().get(0).paths().get(0));
  }

  @Test
  void missingAuthorAndHeadAreNull() throws Exception {
    Verdict unknown = new Verdict(false, null, null, 0, List.of(), List.of());

    JsonNode root = parse(JsonReport.render(unknown));

    assertThat(root.get("author").isNull()).isTrue();
    assertThat(root.get("head_sha").isNull()).isTrue();
    assertThat(root.get("rules")).isEmpty();
  }

  @Test
  void aLoneSurrogateInAPathDoesNotStopTheFileBeingWritten(@TempDir Path dir) throws Exception {
    Verdict verdict =
        new Verdict(
            true,
            "alice\uD800",
            Verdicts.HEAD,
            1,
            List.of(Verdicts.approvals(1, List.of("bob"), List.of())),
            List.of());

    JsonReport.write(verdict, dir.resolve("out"));

    String written = Files.readString(dir.resolve("out/merge-gate.json"), StandardCharsets.UTF_8);
    assertThat(parse(written).get("author").asText()).isEqualTo("alice\uFFFD");
  }
}
