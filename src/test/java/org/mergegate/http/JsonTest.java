package org.mergegate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lean reader and writer must be indistinguishable from Jackson's ObjectMapper on what GitLab
 * sends and what the reports write: the gate's decisions and files must not change with the parser.
 */
class JsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> FIXTURES =
      List.of(
          "merge_request.json",
          "approvals.json",
          "diff.json",
          "file.json",
          "note.json",
          "user.json",
          "job.json",
          "error_404.json");

  @Test
  void readsEveryGitLabFixtureToTheTreeObjectMapperReads() throws IOException {
    for (String name : FIXTURES) {
      byte[] bytes = fixture(name);
      assertThat(Json.read(bytes)).as(name).isEqualTo(MAPPER.readTree(bytes));
    }
  }

  @Test
  void writesCompactAndIndentedTextByteForByteAsObjectMapperDoes() throws IOException {
    ObjectMapper indenting = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    for (String name : FIXTURES) {
      JsonNode tree = MAPPER.readTree(fixture(name));
      assertThat(Json.write(tree)).as(name).isEqualTo(MAPPER.writeValueAsString(tree));
      assertThat(Json.pretty(tree)).as(name).isEqualTo(indenting.writeValueAsString(tree));
    }
  }

  @Test
  void keepsNumbersExactAndTheLastOfARepeatedKey() throws IOException {
    String text =
        "{\"id\":2147483648,\"big\":123456789012345678901234567890,\"ratio\":0.5,"
            + "\"small\":7,\"dup\":1,\"dup\":2,\"none\":null,\"t\":true,\"s\":\"\\u00e9\"}";
    JsonNode lean = Json.read(text);
    assertThat(lean).isEqualTo(MAPPER.readTree(text));
    assertThat(lean.get("id").asLong()).isEqualTo(2147483648L);
    assertThat(lean.get("dup").asInt()).isEqualTo(2);
    assertThat(Json.write(lean)).isEqualTo(MAPPER.writeValueAsString(MAPPER.readTree(text)));
  }

  @Test
  void anEmptyBodyIsNullAndBrokenTextIsAnError() throws IOException {
    assertThat(Json.read(new byte[0]).isNull()).isTrue();
    assertThatThrownBy(() -> Json.read("<html>502 Bad Gateway</html>"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Json.read("{\"a\":1} {\"b\":2}")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Json.read("{\"a\":")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Json.read("[".repeat(500) + "]".repeat(500)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void writesRequestBodiesMadeOfMapsListsAndScalars() throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", "success");
    body.put("pipeline_id", 1234567890123L);
    body.put("labels", List.of("break-glass", "x\"y"));
    body.put("nothing", null);
    body.put("ok", true);
    assertThat(new String(Json.bytes(body), StandardCharsets.UTF_8))
        .isEqualTo(MAPPER.writeValueAsString(body));
    assertThat(Json.write(body)).isEqualTo(MAPPER.writeValueAsString(body));
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = JsonTest.class.getResourceAsStream("/gitlab/api/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
