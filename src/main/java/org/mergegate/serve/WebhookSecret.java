package org.mergegate.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A secret GitLab sends in {@code X-Gitlab-Token}. Both sides are hashed before the constant-time
 * comparison so that neither the content nor the length of the secret leaks through timing.
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
    return presented != null && matches(Presented.of(presented));
  }

  /** Whether an already hashed header value is the secret, in constant time. */
  boolean matches(Presented presented) {
    return MessageDigest.isEqual(digest, presented.digest) && presented.given;
  }

  /** A header value, hashed once so it can be compared with several secrets. */
  static final class Presented {
    private final byte[] digest;
    private final boolean given;

    private Presented(byte[] digest, boolean given) {
      this.digest = digest;
      this.given = given;
    }

    static Presented of(String header) {
      return new Presented(sha256(header == null ? "" : header), header != null);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookSecret other && MessageDigest.isEqual(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return 0; // never a content-derived hash: secrets are few, and equality stays constant-time
  }

  @Override
  public String toString() {
    return "WebhookSecret[hidden]";
  }
}
