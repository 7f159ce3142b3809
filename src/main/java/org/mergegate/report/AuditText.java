package org.mergegate.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import org.mergegate.audit.AuditReport;
import org.mergegate.audit.CommitCustody;

/**
 * {@code audit --format text}: for a person reading a CI log. Violations first, each with what
 * happened and what to do; then every commit, newest first, one line each. Commit titles and
 * break-glass reasons are outside text and shown escaped on one line.
 */
public final class AuditText {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private AuditText() {}

  public static String render(AuditReport report) {
    StringBuilder out = new StringBuilder();
    out.append("merge-gate audit: ")
        .append(Text.visible(report.project()))
        .append(' ')
        .append(Text.visible(report.branch()))
        .append(", commits from ")
        .append(report.since())
        .append(" until ")
        .append(report.until())
        .append(": ")
        .append(Text.count(report.commitCount(), "commit", "commits"))
        .append(", ")
        .append(Text.count(report.violationCount(), "violation", "violations"))
        .append('\n');
    List<CommitCustody> violating = report.violating();
    if (!violating.isEmpty()) {
      out.append("\nVIOLATIONS (newest first)\n");
      for (CommitCustody c : violating) {
        out.append("  ")
            .append(Text.shortSha(c.sha()))
            .append("  ")
            .append(codes(c))
            .append("  ")
            .append(title(c))
            .append('\n');
        out.append("      ").append(explain(c)).append('\n');
      }
    }
    out.append("\nCOMMITS (newest first)\n");
    if (report.commits().isEmpty()) {
      out.append("  none in this range\n");
    }
    for (CommitCustody c : report.commits()) {
      out.append("  ")
          .append(Text.shortSha(c.sha()))
          .append("  ")
          .append(c.committedAt() == null ? "????-??-?? ??:??" : WHEN.format(c.committedAt()))
          .append("  ")
          .append(how(c))
          .append(c.violations().isEmpty() ? "" : "  [" + codes(c) + "]")
          .append("  ")
          .append(title(c))
          .append('\n');
    }
    return out.toString();
  }

  private static String codes(CommitCustody c) {
    return c.violations().stream()
        .map(CommitCustody.Violation::code)
        .collect(Collectors.joining(","));
  }

  private static String title(CommitCustody c) {
    return "\"" + Text.visible(c.title()) + "\"";
  }

  private static String how(CommitCustody c) {
    StringBuilder s = new StringBuilder();
    CommitCustody.MergeRequestFacts mr = c.mergeRequest();
    if (mr != null) {
      s.append("!")
          .append(mr.iid())
          .append(" by ")
          .append(Text.handle(mr.author()))
          .append(", merged by ")
          .append(mr.mergedBy() == null ? "?" : Text.handle(mr.mergedBy()))
          .append(", approved by ")
          .append(Text.handles(mr.approvedBy(), "nobody who counted"))
          .append(mr.policyMet() ? " (policy met)" : " (policy NOT met)");
    } else if (c.how() == CommitCustody.How.DIRECT_PUSH) {
      s.append("direct push");
    }
    CommitCustody.BreakGlassFacts glass = c.breakGlass();
    if (glass != null) {
      s.append(s.length() == 0 ? "" : "; ")
          .append("break-glass by ")
          .append(Text.handle(glass.by()))
          .append(", ")
          .append(issue(glass));
    }
    return s.toString();
  }

  private static String issue(CommitCustody.BreakGlassFacts glass) {
    return glass.issueIid() == null
        ? "no follow-up issue found"
        : "follow-up #" + glass.issueIid() + " " + Text.visible(glass.issueState());
  }

  /** One sentence per violating commit: what happened, and what closes it. */
  private static String explain(CommitCustody c) {
    StringBuilder s = new StringBuilder();
    for (CommitCustody.Violation v : c.violations()) {
      if (s.length() > 0) {
        s.append(" ");
      }
      switch (v) {
        case NOT_APPROVED -> {
          CommitCustody.MergeRequestFacts mr = c.mergeRequest();
          s.append("!")
              .append(mr.iid())
              .append(" by ")
              .append(Text.handle(mr.author()))
              .append(" was merged by ")
              .append(mr.mergedBy() == null ? "?" : Text.handle(mr.mergedBy()))
              .append(" without the approvals its policy required (counted: ")
              .append(Text.handles(mr.approvedBy(), "none"))
              .append(") and has no valid break-glass record: review it after the fact.");
        }
        case DIRECT_PUSH ->
            s.append(
                "No merged merge request produced it and it has no valid break-glass record:"
                    + " find who pushed it (the project's activity), and review it.");
        case BREAK_GLASS_OPEN -> {
          CommitCustody.BreakGlassFacts g = c.breakGlass();
          s.append("Break-glass by ")
              .append(Text.handle(g.by()))
              .append(" (\"")
              .append(Text.visible(g.reason()))
              .append("\"): ")
              .append(
                  g.issueIid() == null
                      ? "no follow-up issue opened by the gate was found (merge-gate counts only"
                          + " those), so nobody is known to have reviewed it: review the change."
                      : "closed".equals(g.issueState())
                          ? "its follow-up issue #"
                              + g.issueIid()
                              + " was closed by whoever broke glass or wrote the change, whose own"
                              + " review does not count: have someone else review the change, then"
                              + " reopen and close it."
                          : "its follow-up issue #"
                              + g.issueIid()
                              + " is still open: review the change and close it.");
        }
      }
    }
    return s.toString();
  }
}
