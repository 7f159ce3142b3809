package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.mergegate.exit.GateException;
import org.mergegate.review.RepositoryFiles;

/**
 * The files of one revision as GitLab's repository files API serves them. {@code deploy} pins this
 * to the commit before a merge, so the policy that judged the merge request is the one it re-checks
 * against, whatever the merge itself changed.
 */
public final class GitLabFiles implements RepositoryFiles {
  private final GitLabHttp http;
  private final String files;
  private final String ref;
  private final String label;

  /**
   * @param ref a commit sha (preferred: reads cannot race a push) or a branch name
   * @param label how messages name the revision, e.g. {@code main@1a2b3c4d}
   */
  public GitLabFiles(GitLabHttp http, String project, String ref, String label) {
    this.http = http;
    this.files = "/projects/" + GitLabHttp.segment(project) + "/repository/files/";
    this.ref = ref;
    this.label = label;
  }

  @Override
  public Optional<byte[]> read(String path) {
    return http.getIfExists(
            files + GitLabHttp.segment(path) + "?ref=" + GitLabHttp.query(ref),
            path + " at " + label)
        .map(r -> content(r.body(), path));
  }

  @Override
  public String describe() {
    return label;
  }

  /** The bytes of a repository files API answer ({@code content}, usually base64). */
  static byte[] content(JsonNode file, String path) {
    String content = file.path("content").asText(null);
    if (content == null) {
      throw GateException.external("GitLab returned " + path + " without content; re-run", null);
    }
    if ("base64".equals(file.path("encoding").asText("base64"))) {
      try {
        return Base64.getMimeDecoder().decode(content);
      } catch (IllegalArgumentException e) {
        throw GateException.external("GitLab returned " + path + " with broken base64", e);
      }
    }
    return content.getBytes(StandardCharsets.UTF_8);
  }
}
