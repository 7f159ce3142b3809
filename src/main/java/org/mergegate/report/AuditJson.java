package org.mergegate.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.mergegate.audit.AuditReport;
import org.mergegate.audit.CommitCustody;
import org.mergegate.http.Json;

/**
 * {@code audit --format json}: exactly the shape of design.md §9, commits newest first, then a
 * summary. Absent values are JSON {@code null}, never missing keys, so a consumer can rely on them.
 */
public final class AuditJson {
  private AuditJson() {}

  public static String render(AuditReport report) {
    ObjectNode root = Json.object();
    root.put("project", report.project());
    root.put("branch", report.branch());
    root.put("since", iso(report.since()));
    root.put("until", iso(report.until()));
    ArrayNode commits = root.putArray("commits");
    for (CommitCustody c : report.commits()) {
      ObjectNode n = commits.addObject();
      n.put("sha", c.sha());
      n.put("committed_at", iso(c.committedAt()));
      n.put("title", c.title());
      n.put("how", c.how().code());
      CommitCustody.MergeRequestFacts mr = c.mergeRequest();
      if (mr == null) {
        n.putNull("merge_request");
      } else {
        ObjectNode m = n.putObject("merge_request");
        m.put("iid", mr.iid());
        m.put("author", mr.author());
        m.put("merged_by", mr.mergedBy());
        ArrayNode approved = m.putArray("approved_by");
        mr.approvedBy().forEach(approved::add);
        m.put("policy_met", mr.policyMet());
      }
      CommitCustody.BreakGlassFacts glass = c.breakGlass();
      if (glass == null) {
        n.putNull("break_glass");
      } else {
        ObjectNode g = n.putObject("break_glass");
        g.put("by", glass.by());
        g.put("reason", glass.reason());
        if (glass.issueIid() == null) {
          g.putNull("issue_iid");
        } else {
          g.put("issue_iid", glass.issueIid());
        }
        g.put("issue_state", glass.issueState());
      }
      ArrayNode violations = n.putArray("violations");
      c.violations().forEach(v -> violations.add(v.code()));
    }
    ObjectNode summary = root.putObject("summary");
    summary.put("commits", report.commitCount());
    summary.put("violations", report.violationCount());
    return Json.pretty(root) + "\n";
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }
}
