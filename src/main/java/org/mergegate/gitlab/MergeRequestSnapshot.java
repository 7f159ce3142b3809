package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.mergegate.breakglass.BreakGlassVerifier;
import org.mergegate.review.RepositoryFiles;
import org.mergegate.review.ReviewFacts;
import org.mergegate.review.Sha;

/**
 * Everything read from GitLab about one merge request, before owners are resolved.
 *
 * @param facts author, head, complete changes, approvals and pushes
 * @param state GitLab's MR state ({@code opened}, {@code merged}, ...)
 * @param webUrl the MR's page
 * @param targetBranch the branch the MR merges into
 * @param targetSha that branch's head when the gate read it; policy and CODEOWNERS come from here
 * @param policy {@code .gitlab/merge-gate.yml} at {@code targetSha}, or empty (defaults apply)
 * @param codeowners the CODEOWNERS file at {@code targetSha}, or empty when there is none
 * @param notes every note on the MR, oldest first (read once; a failing check looks among them for
 *     a break-glass record)
 * @param notesAsListed the same notes as GitLab listed them, with their authors' ids: the sticky
 *     note finds its own among them ({@link StickyNote#upsert(String, List)}) without reading them
 *     again
 */
public record MergeRequestSnapshot(
    ReviewFacts facts,
    String state,
    String webUrl,
    String targetBranch,
    String targetSha,
    Optional<RepoFile> policy,
    Optional<RepoFile> codeowners,
    List<BreakGlassVerifier.Note> notes,
    List<JsonNode> notesAsListed) {
  public MergeRequestSnapshot {
    notes = List.copyOf(notes);
    notesAsListed = List.copyOf(notesAsListed);
  }

  /**
   * The target branch's files as read for this snapshot: the policy and the CODEOWNERS file the
   * reader found; every other path is absent, as the reader established.
   */
  public RepositoryFiles targetFiles() {
    String where = "target branch " + targetBranch + " at " + Sha.abbreviate(targetSha);
    return new RepositoryFiles() {
      @Override
      public Optional<byte[]> read(String path) {
        return Stream.of(policy, codeowners)
            .flatMap(Optional::stream)
            .filter(f -> f.path().equals(path))
            .map(f -> f.text().getBytes(StandardCharsets.UTF_8))
            .findFirst();
      }

      @Override
      public String describe() {
        return where;
      }
    };
  }
}
