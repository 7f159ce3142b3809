package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The little {@code break-glass} needs to know about a merge request: its head, where it merges,
 * its page and its state ({@code GET /projects/:id/merge_requests/:iid}).
 */
public record MergeRequestHead(
    long iid, String sha, String targetBranch, String webUrl, String state) {
  public static MergeRequestHead read(GitLabHttp http, String project, long iid) {
    JsonNode m =
        http.get(
                "/projects/" + GitLabHttp.segment(project) + "/merge_requests/" + iid,
                "the merge request")
            .body();
    return new MergeRequestHead(
        iid,
        MergeRequestReader.text(m, "sha", "the merge request"),
        MergeRequestReader.text(m, "target_branch", "the merge request"),
        m.path("web_url").asText(""),
        m.path("state").asText(""));
  }
}
