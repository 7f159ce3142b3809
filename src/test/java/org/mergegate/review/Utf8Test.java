package org.mergegate.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  @Test
  void decodesTextAndDropsAByteOrderMark() {
    assertThat(Utf8.decode("\uFEFF* @alice\n".getBytes(StandardCharsets.UTF_8), "CODEOWNERS"))
        .isEqualTo("* @alice\n");
    assertThat(Utf8.decode("/docs/ @zoë".getBytes(StandardCharsets.UTF_8), "CODEOWNERS"))
        .isEqualTo("/docs/ @zoë");
  }

  @Test
  void refusesInvalidUtf8BinaryAndHugeFiles() {
    assertThatThrownBy(() -> Utf8.decode(new byte[] {'a', (byte) 0xC3, 0x28}, "CODEOWNERS"))
        .hasMessage("CODEOWNERS is not valid UTF-8: save it as UTF-8 text");
    assertThatThrownBy(() -> Utf8.decode(new byte[] {'P', 'K', 3, 4, 0, 0}, "CODEOWNERS"))
        .hasMessageContaining("looks binary");
    assertThatThrownBy(() -> Utf8.decode(new byte[Utf8.MAX_BYTES + 1], "CODEOWNERS"))
        .hasMessageContaining("over the 10 MiB limit");
  }
}
