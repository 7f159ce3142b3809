package org.mergegate.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into {@link YamlNode}s with line numbers, through Jackson's streaming parser.
 *
 * <p>Stricter than YAML itself, because a policy file must mean one thing: duplicate keys, anchors,
 * aliases, tags and extra documents are reported as problems. Rejecting anchors and aliases
 * outright also rules out "billion laughs" expansion. {@code explain --members} reads its file with
 * it too (no {@code ObjectMapper}: building one costs more than the whole command should).
 */
public final class YamlReader {
  /** Thread-safe once configured; Jackson's default limits bound document size and nesting. */
  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  /**
   * @param root the single document's value, or {@code null} for an empty document or when the text
   *     is not YAML
   * @param problems every problem found, in reading order
   */
  public record Result(YamlNode root, List<PolicyProblem> problems) {}

  private final List<PolicyProblem> problems = new ArrayList<>();
  private final String what;

  private YamlReader(String what) {
    this.what = what;
  }

  /** Reads a policy file. */
  static Result read(String text) {
    return read(text, "the policy");
  }

  /**
   * Reads a YAML file of the gate's.
   *
   * @param what the file as messages name it: "the policy", "the members file"
   */
  public static Result read(String text, String what) {
    return new YamlReader(what).readDocument(text);
  }

  private Result readDocument(String text) {
    try (YAMLParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() == null) {
        return new Result(null, problems); // empty, or only comments
      }
      YamlNode root = readValue(parser);
      if (parser.nextToken() != null) {
        problems.add(
            new PolicyProblem(
                line(parser),
                "a second YAML document (after '---') is here; "
                    + what
                    + " must be a single document"));
      }
      return new Result(root, problems);
    } catch (JacksonException e) {
      problems.add(syntaxProblem(e));
      return new Result(null, problems);
    } catch (IOException | RuntimeException e) {
      // Reading a String cannot fail for I/O reasons; anything else is still bad input to us.
      problems.add(new PolicyProblem(1, "cannot read " + what + " as YAML: " + oneLine(e)));
      return new Result(null, problems);
    }
  }

  private YamlNode readValue(YAMLParser parser) throws IOException {
    int line = line(parser);
    JsonToken token = parser.currentToken();
    if (parser.isCurrentAlias()) {
      problems.add(
          new PolicyProblem(
              line,
              "YAML aliases (*"
                  + parser.getText()
                  + ") are not supported in "
                  + what
                  + "; write the value out"));
      return new YamlNode.Rejected(line);
    }
    boolean rejected = false;
    if (parser.getObjectId() != null) {
      problems.add(
          new PolicyProblem(
              line,
              "YAML anchors (&"
                  + parser.getObjectId()
                  + ") are not supported in "
                  + what
                  + "; write the value out"));
      rejected = true;
    }
    if (parser.getTypeId() != null) {
      problems.add(
          new PolicyProblem(
              line,
              "YAML tags ("
                  + parser.getTypeId()
                  + ") are not supported in "
                  + what
                  + "; write a plain value"));
      rejected = true;
    }
    if (rejected) {
      parser.skipChildren();
      return new YamlNode.Rejected(line);
    }
    return switch (token) {
      case START_OBJECT -> readMapping(parser, line);
      case START_ARRAY -> readSequence(parser, line);
      // Jackson reads a key with nothing after it as "", not null; "nothing" is what was written.
      case VALUE_STRING ->
          new YamlNode.Scalar(
              line, parser.getText().isEmpty() ? null : parser.getText(), parser.getText());
      case VALUE_TRUE, VALUE_FALSE ->
          new YamlNode.Scalar(line, token == JsonToken.VALUE_TRUE, parser.getText());
      case VALUE_NUMBER_INT ->
          new YamlNode.Scalar(line, parser.getBigIntegerValue(), parser.getText());
      case VALUE_NUMBER_FLOAT ->
          new YamlNode.Scalar(line, parser.getDoubleValue(), parser.getText());
      case VALUE_NULL -> new YamlNode.Scalar(line, null, parser.getText());
      default -> {
        problems.add(new PolicyProblem(line, "unsupported YAML value " + token));
        yield new YamlNode.Rejected(line);
      }
    };
  }

  private YamlNode readMapping(YAMLParser parser, int line) throws IOException {
    List<YamlNode.Field> fields = new ArrayList<>();
    Map<String, Integer> firstLineOfKey = new HashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      int keyLine = line(parser);
      parser.nextToken();
      YamlNode value = readValue(parser);
      Integer first = firstLineOfKey.putIfAbsent(key, keyLine);
      if (first != null) {
        // Never let a later copy win: it could quietly replace a stricter value.
        problems.add(
            new PolicyProblem(
                keyLine,
                "duplicate key '" + key + "' (first at line " + first + "); keep only one"));
      } else {
        fields.add(new YamlNode.Field(key, keyLine, value));
      }
    }
    return new YamlNode.Mapping(line, fields);
  }

  private YamlNode readSequence(YAMLParser parser, int line) throws IOException {
    List<YamlNode> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      items.add(readValue(parser));
    }
    return new YamlNode.Sequence(line, items);
  }

  private static int line(YAMLParser parser) {
    return Math.max(1, parser.currentTokenLocation().getLineNr());
  }

  /** SnakeYAML's own mark is more precise than the location Jackson attaches to its wrapper. */
  private static PolicyProblem syntaxProblem(JacksonException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
        Mark mark = marked.getProblemMark();
        String problem = marked.getProblem() != null ? marked.getProblem() : oneLine(marked);
        return new PolicyProblem(mark.getLine() + 1, "invalid YAML: " + hint(flatten(problem)));
      }
    }
    JsonLocation location = e.getLocation();
    int line = location != null ? Math.max(1, location.getLineNr()) : 1;
    return new PolicyProblem(line, "invalid YAML: " + hint(flatten(e.getOriginalMessage())));
  }

  /** '@' cannot start a plain YAML scalar, and owner references all start with it. */
  private static String hint(String problem) {
    return problem.contains("'@'") ? problem + " (quote owner references: \"@name\")" : problem;
  }

  private static String oneLine(Throwable e) {
    return flatten(String.valueOf(e.getMessage()));
  }

  private static String flatten(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
