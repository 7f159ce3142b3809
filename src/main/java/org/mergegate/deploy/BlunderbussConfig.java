package org.mergegate.deploy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.mergegate.exit.GateException;

/**
 * Where blunderbuss is, the credential for it, and how long a deploy may wait. Checked when built:
 * a bad value is a configuration error (exit 2) whose message never contains the token.
 *
 * <p>The URL must use https, because the bearer token travels in every request; plain http is
 * accepted only for a loopback host (localhost, 127.0.0.1, ::1), where tests and local development
 * run and nothing crosses a network. There is deliberately no flag to allow http elsewhere.
 *
 * @param url the base URL, e.g. {@code https://blunderbuss.example.org} (a path prefix is kept)
 * @param token the bearer token ({@code BLUNDERBUSS_TOKEN})
 * @param timeout how long to wait for the whole sync, submission and polling together
 */
public record BlunderbussConfig(URI url, String token, Duration timeout) {

  /** How long a deploy waits for blunderbuss unless configured otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  public BlunderbussConfig {
    url = checkUrl(url);
    token = checkToken(token);
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw GateException.config("the deploy timeout must be positive, got " + timeout);
    }
  }

  /** Parses and checks the configured values; a null timeout means {@link #DEFAULT_TIMEOUT}. */
  public static BlunderbussConfig of(String url, String token, Duration timeout) {
    if (url == null || url.isBlank()) {
      throw GateException.config(
          "BLUNDERBUSS_URL is not set; set it to the sync service's https URL");
    }
    URI parsed;
    try {
      parsed = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw GateException.config("BLUNDERBUSS_URL is not a URL: " + e.getMessage());
    }
    return new BlunderbussConfig(parsed, token, timeout == null ? DEFAULT_TIMEOUT : timeout);
  }

  /** True for the hosts where plain http cannot leak the token onto a network. */
  static boolean isLoopback(String host) {
    return host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    // The record's generated toString would print the token into any log that prints the config.
    return "BlunderbussConfig[url=" + url + ", token=***, timeout=" + timeout + "]";
  }

  private static URI checkUrl(URI url) {
    if (url == null) {
      throw GateException.config("BLUNDERBUSS_URL is not set; set it to the sync service's URL");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
      throw GateException.config(
          "BLUNDERBUSS_URL must be an absolute https URL such as https://blunderbuss.example.org,"
              + " got "
              + url);
    }
    if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
      throw GateException.config(
          "BLUNDERBUSS_URL must be a plain base URL without user info, query or fragment; put the"
              + " credential in BLUNDERBUSS_TOKEN");
    }
    if (scheme.equals("http") && !isLoopback(url.getHost())) {
      throw GateException.config(
          "BLUNDERBUSS_URL must use https ("
              + url
              + " is plain http): the bearer token would cross the network in clear text; http is"
              + " accepted only for localhost");
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    // Normalise to "no trailing slash" so "/v1/sync" is appended the same way to every form.
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(scheme + "://" + url.getRawAuthority() + path);
  }

  private static String checkToken(String token) {
    if (token == null || token.isBlank()) {
      throw GateException.config(
          "BLUNDERBUSS_TOKEN is not set; set it (a masked CI/CD variable) to blunderbuss's token");
    }
    String stripped = token.strip();
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw GateException.config(
            "BLUNDERBUSS_TOKEN contains whitespace or a control character; copy it again");
      }
    }
    return stripped;
  }
}
