package org.mergegate.gitlab;

import java.util.List;
import org.mergegate.breakglass.BreakGlassNote;
import org.mergegate.breakglass.BreakGlassRecord;

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
   * Opens "Review after break-glass: !N" (or the short sha) with the record and the diff link.
   *
   * @param diffUrl where a reviewer reads the change
   */
  public Issues.Created followUp(BreakGlassRecord record, String diffUrl, List<String> labels) {
    String subject =
        record.mergeRequest() != null ? "!" + record.mergeRequest() : record.shortSha();
    String description =
        "@"
            + record.user()
            + " broke glass on "
            + subject
            + " (commit `"
            + record.sha()
            + "`) at "
            + record.at()
            + ", skipping the review its policy requires:\n\n> "
            + record.reason().replace("\n", "\n> ")
            + "\n\nReview the change after the fact: "
            + diffUrl
            + "\n\nRecorded by [this job]("
            + record.jobUrl()
            + "). Close this issue once the change has been reviewed (and fixed where needed).\n\n"
            + "```json\n"
            + BreakGlassNote.toJson(record)
            + "\n```\n";
    return new Issues(http, project)
        .open("Review after break-glass: " + subject, description, labels);
  }
}
