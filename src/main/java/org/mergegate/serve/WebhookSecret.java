package org.mergegate.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The shared secret GitLab sends in {@code X-Gitlab-Token}. Both sides are hashed before the
 * constant-time comparison so that neither the content nor the length of the secret leaks through
 * timing.
 */
public final class WebhookSecret {
  private final byte[] digest;

  public WebhookSecret(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    this.digest = sha256(secret);
  }

  /** Whether {@code presented} (the header value, possibly null) is the secret. */
  public boolean matches(String presented) {
    byte[] other = sha256(presented == null ? "" : presented);
    return MessageDigest.isEqual(digest, other) && presented != null;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSecret[hidden]";
  }
}
