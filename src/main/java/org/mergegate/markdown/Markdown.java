package org.mergegate.markdown;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Neutralises outside text for the notes, comments, issues and statuses the gate writes. Every
 * piece of text the gate did not compose itself goes through one of these methods, so a path named
 * {@code <!-- merge-gate:break-glass:v1 ... -->} or a reason with {@code @all} on its own line
 * shows as those characters and nothing more.
 *
 * <p>Two ways of neutralising, for the two kinds of place:
 *
 * <ul>
 *   <li>Markdown prose ({@link #text}, {@link #quote}): every ASCII punctuation character that
 *       Markdown, HTML or GitLab's references give a meaning to is backslash-escaped, which
 *       CommonMark renders as the character itself and which GitLab (since 14.0) also honours for
 *       its references, so the text forms no HTML, comment, link, emphasis, code span, heading,
 *       {@code @mention}, {@code #issue} or {@code !mr} reference;
 *   <li>places shown verbatim, where a backslash would show ({@link #literal}: code blocks, code
 *       spans, commit status descriptions): {@code <}, {@code >} and the backtick are spelled out
 *       as {@code \u003C}, {@code \u003E} and {@code \u0060}, as the console report spells out
 *       control characters.
 * </ul>
 *
 * Either way the result never contains {@code <!--} or {@code -->}.
 */
public final class Markdown {
  /** A GitLab username: safe to write as an {@code @mention} of that user. */
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");

  private Markdown() {}

  /**
   * Outside text as one line of Markdown prose. Line breaks and other control or format characters
   * become spaces, so the text cannot start a new block.
   */
  public static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    s.codePoints()
        .forEach(
            cp -> {
              if (isPunctuation(cp)) {
                out.append('\\').append((char) cp);
              } else if (isBreakOrControl(cp)) {
                out.append(' ');
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  /**
   * Outside text as a block quote: every line of {@code s} (split at any line break, Unicode's
   * included) becomes a {@code "> "} line of {@link #text}, so no line escapes the quote.
   */
  public static String quote(String s) {
    String[] lines = (s == null ? "" : s).split("\r\n|[\n\r\u000B\f\u0085\u2028\u2029]", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      // No trailing blanks: the note must survive GitLab storing it, byte for byte.
      String line = text(lines[i]).strip();
      out.append(i == 0 ? "" : "\n").append(line.isEmpty() ? ">" : "> " + line);
    }
    return out.toString();
  }

  /**
   * Outside text for a place shown verbatim (inside a code block or code span, or a commit status
   * description): {@code <}, {@code >} and the backtick are spelled out so it can neither form a
   * comment marker nor close the code; line feeds are kept, other control characters spelled out.
   */
  public static String literal(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    s.codePoints()
        .forEach(
            cp -> {
              if (cp == '<' || cp == '>' || cp == '`' || (cp != '\n' && isBreakOrControl(cp))) {
                out.append(
                    cp <= 0xFFFF ? String.format("\\u%04X", cp) : String.format("\\U%08X", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  /** Outside text as an inline code span. */
  public static String code(String s) {
    return "`" + literal(s).replace('\n', ' ') + "`";
  }

  /**
   * A URL as a link target, {@code [label](url)}: characters that could end the link or form markup
   * ({@code ( ) < > ` " ' \} , spaces, anything not ASCII) are percent-encoded. A URL that is not
   * http(s) becomes {@code #}, so a link never runs script.
   */
  public static String url(String s) {
    if (s == null || !(s.startsWith("https://") || s.startsWith("http://"))) {
      return "#";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c > 0x20 && c < 0x7F && "()<>`\"'\\[]{}|^".indexOf(c) < 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  /**
   * {@code @name} for a GitLab username, which GitLab links to that user; anything that is not a
   * plain username is written as escaped text, so it cannot mention {@code @all} or a group by
   * accident.
   */
  public static String handle(String username) {
    if (username != null && USERNAME.matcher(username).matches() && !isSpecial(username)) {
      return "@" + username;
    }
    return text("@" + (username == null ? "?" : username));
  }

  private static boolean isSpecial(String username) {
    return username.equalsIgnoreCase("all") || username.equalsIgnoreCase("here");
  }

  /**
   * The ASCII punctuation that Markdown, HTML or GitLab's references give a meaning to; the rest
   * ({@code , . ; ? : ' " /}) is left alone so that sentences and URLs still read naturally.
   */
  private static boolean isPunctuation(int cp) {
    return cp < 0x80 && "!#$%&()*+-<=>@[\\]^_`{|}~".indexOf(cp) >= 0;
  }

  private static boolean isBreakOrControl(int cp) {
    if (Character.isISOControl(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.FORMAT
        || type == Character.SURROGATE
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
