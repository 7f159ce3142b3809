package org.mergegate.gitlab;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.mergegate.breakglass.BreakGlassRecord;
import org.mergegate.breakglass.BreakGlassVerifier;

/**
 * Finds a break-glass record that counts for a commit: reads the notes where the gate records them
 * (the merge request's notes, or the commit's comments when no merge request is involved) and the
 * token's own identity, and lets {@link BreakGlassVerifier} decide.
 */
public final class BreakGlassLookup {
  private final GitLabHttp http;
  private final String project;

  public BreakGlassLookup(GitLabHttp http, String project) {
    this.http = http;
    this.project = project;
  }

  /** A record for {@code headSha} among the merge request's notes. */
  public BreakGlassVerifier.Outcome onMergeRequest(
      long mrIid, String headSha, Predicate<String> permitted) {
    return verify(new MergeRequestNotes(http, project, mrIid)::all, headSha, permitted);
  }

  /**
   * A record for {@code headSha} among the merge request's notes already read (all of them, oldest
   * first): a failing check reuses the read it made for the reviews.
   */
  public BreakGlassVerifier.Outcome amongNotes(
      List<BreakGlassVerifier.Note> notes, String headSha, Predicate<String> permitted) {
    return verify(() -> notes, headSha, permitted);
  }

  /** A record for {@code sha} among the commit's comments. */
  public BreakGlassVerifier.Outcome onCommit(String sha, Predicate<String> permitted) {
    return verify(new CommitComments(http, project, sha)::all, sha, permitted);
  }

  /**
   * One loud sentence when the policy asks for a follow-up issue and the record has none (its
   * break-glass job failed after posting the note, or the issue was edited beyond recognition). The
   * record still counts: the bypass happened; what is missing is its audit trail.
   *
   * @param required {@code break_glass.follow_up_issue} of the policy that applies
   */
  public Optional<String> missingFollowUp(BreakGlassRecord record, boolean required) {
    if (!required || new FollowUpIssues(http, project).find(record).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        "WARNING: the break-glass by @"
            + record.user()
            + " for "
            + record.shortSha()
            + " has no follow-up review issue, though break_glass.follow_up_issue asks for one:"
            + " re-run the merge-gate:break-glass job to open it");
  }

  private BreakGlassVerifier.Outcome verify(
      java.util.function.Supplier<List<BreakGlassVerifier.Note>> notes,
      String sha,
      Predicate<String> permitted) {
    CompletableFuture<String> me = http.async(() -> TokenUser.username(http));
    List<BreakGlassVerifier.Note> all = notes.get();
    return BreakGlassVerifier.verify(
        all, http.await(me, "reading the token's user"), sha, permitted);
  }
}
