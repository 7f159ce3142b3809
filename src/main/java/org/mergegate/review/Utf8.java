package org.mergegate.review;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.mergegate.exit.GateException;

/**
 * Strict decoding of policy and CODEOWNERS bytes: a file that is not text is refused, not guessed.
 */
public final class Utf8 {
  /** Larger policy or CODEOWNERS files are refused before parsing. */
  public static final int MAX_BYTES = 10 * 1024 * 1024;

  private Utf8() {}

  /**
   * Decodes {@code bytes} as UTF-8 (a leading byte order mark is dropped).
   *
   * @param what the file's name for the message, e.g. {@code CODEOWNERS at main}
   * @throws GateException exit 2 for invalid UTF-8, a NUL byte (binary data) or an oversized file
   */
  public static String decode(byte[] bytes, String what) {
    if (bytes.length > MAX_BYTES) {
      throw GateException.config(
          what
              + " is "
              + bytes.length / (1024 * 1024)
              + " MiB, over the 10 MiB limit: is it really a text file?");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw GateException.config(what + " is not valid UTF-8: save it as UTF-8 text");
    }
    if (text.indexOf('\0') >= 0) {
      throw GateException.config(what + " contains NUL bytes: it looks binary, not text");
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
