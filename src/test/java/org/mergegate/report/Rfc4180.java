package org.mergegate.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for the tests: records end with CRLF (the last one too), a field is
 * either bare (no comma, quote, CR or LF) or wholly quoted with inner quotes doubled. Anything else
 * throws, so a renderer that bends the rules fails its test instead of being read leniently.
 */
final class Rfc4180 {
  private Rfc4180() {}

  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    boolean atFieldStart = true;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (atFieldStart && ch == '"') {
        i = readQuoted(text, i + 1, field);
        atFieldStart = false;
        if (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
          throw new IllegalArgumentException("text after a closing quote at " + i);
        }
        continue;
      }
      atFieldStart = false;
      if (ch == ',') {
        record.add(field.toString());
        field.setLength(0);
        atFieldStart = true;
        i++;
      } else if (ch == '\r') {
        if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
          throw new IllegalArgumentException("CR not followed by LF at " + i);
        }
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        atFieldStart = true;
        i += 2;
      } else if (ch == '\n') {
        throw new IllegalArgumentException("bare LF outside quotes at " + i);
      } else if (ch == '"') {
        throw new IllegalArgumentException("quote inside a bare field at " + i);
      } else {
        field.append(ch);
        i++;
      }
    }
    if (!record.isEmpty() || field.length() > 0) {
      throw new IllegalArgumentException("last record does not end with CRLF");
    }
    return records;
  }

  /** Reads a quoted field's content from {@code i}; returns the index after the closing quote. */
  private static int readQuoted(String text, int i, StringBuilder field) {
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (ch == '"') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i += 2;
          continue;
        }
        return i + 1;
      }
      field.append(ch);
      i++;
    }
    throw new IllegalArgumentException("unterminated quoted field");
  }
}
