package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code deploy} needs to know about the project ({@code GET /projects/:id}): its numeric id
 * and path for blunderbuss, its page for links, and its default branch.
 *
 * @param id GitLab's numeric project id
 * @param path the full path, e.g. {@code data-engineering/airflow-dags}
 * @param webUrl the project's page
 * @param defaultBranch the branch deploys come from
 */
public record ProjectInfo(long id, String path, String webUrl, String defaultBranch) {
  /** Reads the project; {@code project} is its id or full path. */
  public static ProjectInfo read(GitLabHttp http, String project) {
    JsonNode p = http.get("/projects/" + GitLabHttp.segment(project), "the project").body();
    return new ProjectInfo(
        p.path("id").asLong(),
        MergeRequestReader.text(p, "path_with_namespace", "the project"),
        p.path("web_url").asText(""),
        MergeRequestReader.text(p, "default_branch", "the project"));
  }
}
