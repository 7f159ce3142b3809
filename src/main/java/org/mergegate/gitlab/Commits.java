package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.mergegate.exit.GateException;
import org.mergegate.review.Sha;

/** Commit and branch lookups: parents, branch heads, ancestry, and which MRs produced a commit. */
public final class Commits {
  private final GitLabHttp http;
  private final String repository;

  public Commits(GitLabHttp http, String project) {
    this.http = http;
    this.repository = "/projects/" + GitLabHttp.segment(project) + "/repository";
  }

  /** The commit's parents, first parent first ({@code GET /repository/commits/:sha}). */
  public List<String> parents(String sha) {
    JsonNode commit =
        http.get(repository + "/commits/" + sha, "commit " + Sha.abbreviate(sha)).body();
    JsonNode ids = commit.path("parent_ids");
    if (!ids.isArray()) {
      throw GateException.external(
          "GitLab's answer for commit " + Sha.abbreviate(sha) + " lacks parent_ids; re-run the job",
          null);
    }
    List<String> out = new ArrayList<>();
    ids.forEach(id -> out.add(id.asText()));
    return out;
  }

  /** The commit a branch points at now. */
  public String head(String branch) {
    JsonNode b =
        http.get(repository + "/branches/" + GitLabHttp.segment(branch), "the branch " + branch)
            .body();
    return MergeRequestReader.text(b.path("commit"), "id", "the branch " + branch);
  }

  /** Whether {@code ancestor} is reachable from {@code descendant} (their merge base is it). */
  public boolean isAncestor(String ancestor, String descendant) {
    JsonNode base =
        http.get(
                repository
                    + "/merge_base?refs[]="
                    + GitLabHttp.query(ancestor)
                    + "&refs[]="
                    + GitLabHttp.query(descendant),
                "the merge base of "
                    + Sha.abbreviate(ancestor)
                    + " and "
                    + Sha.abbreviate(descendant))
            .body();
    return ancestor.equalsIgnoreCase(base.path("id").asText(""));
  }

  /** The merge requests GitLab associates with the commit, any state, every page. */
  public List<JsonNode> mergeRequests(String sha) {
    return http.getAll(
        repository + "/commits/" + sha + "/merge_requests",
        "the merge requests of commit " + Sha.abbreviate(sha));
  }
}
