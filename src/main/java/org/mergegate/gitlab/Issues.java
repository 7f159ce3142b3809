package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Opens issues in the project (the review after a break-glass). */
public final class Issues {
  private final GitLabHttp http;
  private final String issues;

  public Issues(GitLabHttp http, String project) {
    this.http = http;
    this.issues = "/projects/" + GitLabHttp.segment(project) + "/issues";
  }

  /** An issue as GitLab created it. */
  public record Created(long iid, String webUrl) {}

  /** Creates an issue; labels that do not exist yet are created by GitLab. */
  public Created open(String title, String description, List<String> labels) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", title);
    body.put("description", description);
    if (!labels.isEmpty()) {
      body.put("labels", String.join(",", labels));
    }
    JsonNode issue = http.post(issues, body, "the follow-up issue").body();
    return new Created(issue.path("iid").asLong(), issue.path("web_url").asText(""));
  }
}
