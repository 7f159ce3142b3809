package org.mergegate.policy;

import java.util.List;

/**
 * A YAML value that remembers the line it was written on, so every policy problem can point at its
 * line. Only the shapes the policy needs: maps with string keys, lists, and scalars.
 */
public sealed interface YamlNode {
  /** 1-based line where the value starts. */
  int line();

  /** How the value is named in a message: "a map", "a list", "the number 1.5", ... */
  String describe();

  /** Text fit to quote in a one-line message: control characters masked, long text elided. */
  static String shorten(String text) {
    String flat = text.replaceAll("\\p{Cntrl}", "?");
    return flat.length() <= 60 ? flat : flat.substring(0, 60) + "…";
  }

  /**
   * A mapping, keys in file order. Duplicate keys are reported while reading and only the first is
   * kept.
   */
  record Mapping(int line, List<Field> fields) implements YamlNode {
    public Mapping {
      fields = List.copyOf(fields);
    }

    @Override
    public String describe() {
      return "a map";
    }
  }

  /** One key of a mapping, with the line of the key itself. */
  record Field(String key, int line, YamlNode value) {}

  /**
   * A value already reported as unusable (an alias, a tag): the binder skips it silently so one
   * mistake yields one problem.
   */
  record Rejected(int line) implements YamlNode {
    @Override
    public String describe() {
      return "an unsupported YAML construct";
    }
  }

  /** A sequence. */
  record Sequence(int line, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /**
   * A scalar as the YAML resolver typed it.
   *
   * @param value a {@link String}, {@link Boolean}, {@link java.math.BigInteger}, {@link Double},
   *     or {@code null} for YAML null ({@code ~}, {@code null}, nothing)
   * @param text the scalar exactly as written, for messages and for strict booleans
   */
  record Scalar(int line, Object value, String text) implements YamlNode {
    @Override
    public String describe() {
      if (value == null) {
        return "nothing (null)";
      }
      if (value instanceof String) {
        return "the text '" + shorten(text) + "'";
      }
      if (value instanceof Boolean) {
        return "the boolean " + text;
      }
      return "the number " + shorten(text);
    }
  }
}
