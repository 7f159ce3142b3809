package org.mergegate.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * JSON trees ({@link JsonNode}) read and written with jackson-core's streaming parser and
 * generator: the same nodes and the same text as {@code ObjectMapper.readTree} and {@code
 * writeValueAsString}, without building an {@code ObjectMapper} (about 150 ms of a CI job's start).
 * Numbers keep their JSON precision; a repeated key keeps its last value, as Jackson does.
 */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Deeper documents are refused: no API answer the gate reads nests like this. */
  private static final int MAX_DEPTH = 200;

  private Json() {}

  /** An empty object node. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /**
   * Parses one JSON document.
   *
   * @return the document's value; a {@code NullNode} for an empty input
   * @throws IOException when the text is not one well-formed JSON value
   */
  public static JsonNode read(byte[] json) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      return readDocument(parser);
    }
  }

  /** {@link #read(byte[])} for text. */
  public static JsonNode read(String json) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      return readDocument(parser);
    }
  }

  private static JsonNode readDocument(JsonParser parser) throws IOException {
    if (parser.nextToken() == null) {
      return NODES.nullNode();
    }
    JsonNode value = value(parser, 0);
    if (parser.nextToken() != null) {
      throw new IOException("trailing content after the JSON value");
    }
    return value;
  }

  private static JsonNode value(JsonParser p, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("JSON nested deeper than " + MAX_DEPTH + " levels");
    }
    JsonToken token = p.currentToken();
    switch (token) {
      case START_OBJECT:
        ObjectNode object = NODES.objectNode();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
          String name = p.currentName();
          p.nextToken();
          object.set(name, value(p, depth + 1));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          array.add(value(p, depth + 1));
        }
        return array;
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IOException("unexpected JSON token " + token);
    }
  }

  /**
   * Compact JSON for a tree, or for maps, lists, strings, numbers, booleans and nulls nested in any
   * mix (request bodies are {@code Map}s).
   */
  public static String write(Object value) {
    StringWriter out = new StringWriter();
    write(value, out, false);
    return out.toString();
  }

  /** {@link #write(Object)} as UTF-8 bytes. */
  public static byte[] bytes(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      value(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Indented JSON, exactly as {@code ObjectMapper} with {@code INDENT_OUTPUT} writes it. */
  public static String pretty(Object value) {
    StringWriter out = new StringWriter();
    write(value, out, true);
    return out.toString();
  }

  private static void write(Object value, Writer out, boolean pretty) {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      if (pretty) {
        g.setPrettyPrinter(new DefaultPrettyPrinter());
      }
      value(g, value);
    } catch (IOException e) {
      // Writing to memory fails only on a bug (an unsupported value type).
      throw new UncheckedIOException(e);
    }
  }

  private static void value(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof JsonNode node) {
      node(g, node);
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        value(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof Iterable<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        value(g, item);
      }
      g.writeEndArray();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      g.writeNumber(((Number) value).longValue());
    } else if (value instanceof BigInteger n) {
      g.writeNumber(n);
    } else if (value instanceof BigDecimal n) {
      g.writeNumber(n);
    } else if (value instanceof Double || value instanceof Float) {
      g.writeNumber(((Number) value).doubleValue());
    } else {
      throw new IOException("cannot write a " + value.getClass().getName() + " as JSON");
    }
  }

  private static void node(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT:
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          g.writeFieldName(e.getKey());
          node(g, e.getValue());
        }
        g.writeEndObject();
        break;
      case ARRAY:
        g.writeStartArray();
        for (JsonNode item : node) {
          node(g, item);
        }
        g.writeEndArray();
        break;
      case STRING:
        g.writeString(node.textValue());
        break;
      case BOOLEAN:
        g.writeBoolean(node.booleanValue());
        break;
      case NUMBER:
        if (node.isIntegralNumber()) {
          if (node.canConvertToLong()) {
            g.writeNumber(node.longValue());
          } else {
            g.writeNumber(node.bigIntegerValue());
          }
        } else if (node.isBigDecimal()) {
          g.writeNumber(node.decimalValue());
        } else {
          g.writeNumber(node.doubleValue());
        }
        break;
      case NULL:
      case MISSING:
        g.writeNull();
        break;
      default:
        // BINARY and POJO nodes never come out of this class or the report builders.
        throw new IOException("cannot write a " + node.getNodeType() + " node as JSON");
    }
  }
}
