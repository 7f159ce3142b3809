package org.mergegate.breakglass;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hidden marker that ends a text the gate writes for machines: {@code <!-- NAME BASE64 -->}.
 * The payload is Base64 so no quoted text can break out of the HTML comment. Only the marker at the
 * very end counts; whether the text around it is the gate's is for the caller to decide (by
 * re-rendering and comparing the whole text).
 */
final class HiddenMarker {
  private static final String CLOSE = " -->";

  private final String open;
  private final Pattern base64;

  /**
   * @param name e.g. {@code merge-gate:break-glass:v1}
   * @param maxEncoded the longest Base64 payload accepted
   */
  HiddenMarker(String name, int maxEncoded) {
    this.open = "<!-- " + name + " ";
    this.base64 = Pattern.compile("[A-Za-z0-9+/=]{1," + maxEncoded + "}");
  }

  /** The marker carrying {@code payload}. */
  String render(String payload) {
    return open
        + Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + CLOSE;
  }

  /** The payload of the marker that ends {@code text}, if it ends with a well-formed one. */
  Optional<String> payload(String text) {
    if (text == null || !text.endsWith(CLOSE)) {
      return Optional.empty();
    }
    int at = text.lastIndexOf(open);
    if (at < 0) {
      return Optional.empty();
    }
    String encoded = text.substring(at + open.length(), text.length() - CLOSE.length());
    if (!base64.matcher(encoded).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
