package org.mergegate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;

class BlunderbussConfigTest {
  private static final String TOKEN = "bb-s3cr3t-token-0042";

  private static GateException rejects(String url, String token, Duration timeout) {
    GateException failure =
        catchThrowableOfType(GateException.class, () -> BlunderbussConfig.of(url, token, timeout));
    assertThat(failure).as("config for %s should be rejected", url).isNotNull();
    assertThat(failure.exitCode()).isEqualTo(ExitCode.CONFIG);
    assertThat(failure.getMessage()).doesNotContain(TOKEN);
    return failure;
  }

  @Test
  void plainHttpToARealHostIsRefusedBecauseTheTokenWouldLeak() {
    assertThat(rejects("http://blunderbuss.example.org", TOKEN, null).getMessage())
        .isEqualTo(
            "BLUNDERBUSS_URL must use https (http://blunderbuss.example.org is plain http): the"
                + " bearer token would cross the network in clear text; http is accepted only for"
                + " localhost");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:8080", "http://127.0.0.1:9", "http://[::1]:8080"})
  void plainHttpIsAcceptedOnLoopback(String url) {
    assertThat(BlunderbussConfig.of(url, TOKEN, null).url().toString()).isEqualTo(url);
  }

  @Test
  void trailingSlashesAreDroppedAndAPathPrefixKept() {
    BlunderbussConfig config =
        BlunderbussConfig.of(" https://tools.example.org/blunderbuss/ ", TOKEN, null);
    assertThat(config.url().toString()).isEqualTo("https://tools.example.org/blunderbuss");
    assertThat(config.timeout()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aTokenReadFromAFileLosesItsTrailingNewline() {
    assertThat(BlunderbussConfig.of("https://b.example", TOKEN + "\n", null).token())
        .isEqualTo(TOKEN);
  }

  @Test
  void missingOrBrokenValuesAreConfigurationErrors() {
    assertThat(rejects(null, TOKEN, null).getMessage()).startsWith("BLUNDERBUSS_URL is not set");
    assertThat(rejects("https://b.example", " ", null).getMessage())
        .startsWith("BLUNDERBUSS_TOKEN is not set");
    assertThat(rejects("https://b.example", "bb-s3cr3t\ttoken", null).getMessage())
        .isEqualTo("BLUNDERBUSS_TOKEN contains whitespace or a control character; copy it again");
    assertThat(rejects("blunderbuss.example.org", TOKEN, null).getMessage())
        .startsWith("BLUNDERBUSS_URL must be an absolute https URL");
    assertThat(rejects("ftp://blunderbuss.example.org", TOKEN, null).getMessage())
        .startsWith("BLUNDERBUSS_URL must be an absolute https URL");
    assertThat(rejects("https://user:pw@b.example", TOKEN, null).getMessage())
        .contains("without user info, query or fragment");
    assertThat(rejects("https://b.example", TOKEN, Duration.ZERO).getMessage())
        .isEqualTo("the deploy timeout must be positive, got PT0S");
  }

  @Test
  void printingTheConfigDoesNotPrintTheToken() {
    assertThat(BlunderbussConfig.of("https://b.example", TOKEN, null).toString())
        .isEqualTo("BlunderbussConfig[url=https://b.example, token=***, timeout=PT10M]");
  }
}
