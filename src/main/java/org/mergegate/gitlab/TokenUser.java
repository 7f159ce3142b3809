package org.mergegate.gitlab;

/** The identity of the token the gate runs with: only notes it wrote can carry a record. */
public final class TokenUser {
  private TokenUser() {}

  /** The token's own username ({@code GET /user}). */
  public static String username(GitLabHttp http) {
    return MergeRequestReader.text(
        http.get("/user", "the token's own user").body(), "username", "the token's own user");
  }
}
