package org.mergegate.gitlab;

import java.util.List;
import org.mergegate.breakglass.BreakGlassNote;
import org.mergegate.breakglass.BreakGlassRecord;
import org.mergegate.breakglass.FollowUpIssueText;

/**
 * Writes a break-glass record where the gate's token identity owns it: a note on the merge request
 * (a comment on the commit when there is none), and the follow-up issue asking for the review that
 * was skipped.
 */
public final class BreakGlassRecorder {
  private final GitLabHttp http;
  private final String project;

  public BreakGlassRecorder(GitLabHttp http, String project) {
    this.http = http;
    this.project = project;
  }

  /** Posts the note (or commit comment) carrying the record. */
  public void note(BreakGlassRecord record) {
    String body = BreakGlassNote.render(record);
    if (record.mergeRequest() != null) {
      new MergeRequestNotes(http, project, record.mergeRequest()).post(body);
    } else {
      new CommitComments(http, project, record.sha()).post(body);
    }
  }

  /**
   * Opens "Review after break-glass: !N" (or the short sha) with the record and the diff link, in
   * the form {@link FollowUpIssues} recognises.
   *
   * @param diffUrl where a reviewer reads the change
   */
  public Issues.Created followUp(BreakGlassRecord record, String diffUrl, List<String> labels) {
    return new Issues(http, project)
        .open(FollowUpIssueText.title(record), FollowUpIssueText.render(record, diffUrl), labels);
  }
}
