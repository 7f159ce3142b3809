package org.mergegate.report;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.mergegate.audit.AuditReport;
import org.mergegate.audit.CommitCustody;
import org.mergegate.audit.CommitCustody.BreakGlassFacts;
import org.mergegate.audit.CommitCustody.How;
import org.mergegate.audit.CommitCustody.MergeRequestFacts;
import org.mergegate.audit.CommitCustody.Violation;

/**
 * {@code merge-gate audit --format html}: one self-contained page for people who would rather look
 * than read. A summary at the top, then the commits with violations, then every commit, newest
 * first, each row linking to its commit, merge request, break-glass job and follow-up issue.
 *
 * <p>Every string in the report came from GitLab and from whoever typed it (titles, reasons,
 * usernames, even URLs), so all of it is escaped, only {@code http(s)} URLs become links, and a
 * Content-Security-Policy allows nothing but this page's own stylesheet (by hash): no script, no
 * image, no font, no request anywhere, even if an escaping bug let markup through.
 */
public final class AuditHtml {
  static final String STYLE =
      """
      :root{color-scheme:light}
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;\
      margin:24px;color:#1f2328;background:#fff}
      h1{font-size:20px;margin:0 0 10px}
      h2{font-size:16px;margin:28px 0 8px}
      a{color:#0969da}
      .verdict{display:inline-block;font-weight:600;padding:4px 10px;border-radius:4px;margin:0}
      .verdict.bad{background:#ffebe9;color:#82071e;border:1px solid #cf222e}
      .verdict.ok{background:#dafbe1;color:#116329;border:1px solid #1a7f37}
      dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:12px 0}
      dt{color:#57606a}
      dd{margin:0}
      table{border-collapse:collapse;width:100%;table-layout:fixed}
      th,td{border-bottom:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top;\
      overflow-wrap:anywhere}
      thead th{background:#f6f8fa}
      col.sha{width:6.5em}col.time{width:10.5em}col.how{width:7.5em}col.mr{width:22%}\
      col.bg{width:22%}col.violations{width:11em}
      tr.violation td{background:#ffebe9}
      tr.violation td:first-child{box-shadow:inset 4px 0 #cf222e}
      code,.sha{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
      .code{display:inline-block;font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,\
      "DejaVu Sans Mono",monospace;background:#cf222e;color:#fff;border-radius:3px;padding:0 4px;\
      margin:1px 0;white-space:nowrap;overflow-wrap:normal}
      .muted{color:#57606a}
      .unmet{color:#cf222e;font-weight:600}
      .reason{white-space:pre-line;font-style:italic}
      @page{size:A4 landscape;margin:12mm}
      @media print{body{margin:0;font-size:9pt}.code{font-size:8pt}h2{break-after:avoid}\
      a{color:inherit;text-decoration:none}tr{break-inside:avoid}\
      *{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
      """;

  /** Nothing but the stylesheet above may load or run; {@code 'none'} for everything else. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src '" + sha256(STYLE) + "'; base-uri 'none'; form-action 'none'";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private AuditHtml() {}

  /** The page, stamped as generated now. */
  public static String render(AuditReport report) {
    return render(report, Instant.now());
  }

  /** The page, stamped as generated at {@code generatedAt}. */
  public static String render(AuditReport report, Instant generatedAt) {
    StringBuilder out = new StringBuilder(4096 + 1024 * report.commitCount());
    String heading = text(report.project()) + " " + text(report.branch());
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(escape(CONTENT_SECURITY_POLICY))
        .append("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>merge-gate audit: ")
        .append(heading)
        .append(" (")
        .append(Text.count(report.violationCount(), "violation", "violations"))
        .append(")</title>\n<style>")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n");
    summary(out, report, generatedAt);
    List<CommitCustody> violating = report.violating();
    out.append("<section id=\"violations\">\n<h2>Violations: ")
        .append(Text.count(violating.size(), "commit", "commits"))
        .append("</h2>\n");
    if (violating.isEmpty()) {
      out.append(
          "<p class=\"muted\">None: every commit in the range kept its chain of custody.</p>\n");
    } else {
      legend(out);
      table(out, violating, "violations-table");
    }
    out.append("</section>\n<section id=\"commits\">\n<h2>Every commit, newest first: ")
        .append(Text.count(report.commitCount(), "commit", "commits"))
        .append("</h2>\n");
    if (report.commits().isEmpty()) {
      out.append("<p class=\"muted\">No commit reached the branch in this range.</p>\n");
    } else {
      table(out, report.commits(), "commits-table");
    }
    return out.append("</section>\n</body>\n</html>\n").toString();
  }

  private static void summary(StringBuilder out, AuditReport report, Instant generatedAt) {
    out.append("<header>\n<h1>Chain of custody: ")
        .append(link(report.projectWebUrl(), text(report.project())))
        .append(", branch <code>")
        .append(text(report.branch()))
        .append("</code></h1>\n");
    int violations = report.violationCount();
    if (violations > 0) {
      out.append("<p class=\"verdict bad\">")
          .append(Text.count(violations, "violation", "violations"))
          .append(" in ")
          .append(report.violating().size())
          .append(" of ")
          .append(Text.count(report.commitCount(), "commit", "commits"))
          .append("</p>\n");
    } else {
      out.append("<p class=\"verdict ok\">No violations in ")
          .append(Text.count(report.commitCount(), "commit", "commits"))
          .append("</p>\n");
    }
    out.append("<dl class=\"summary\">\n")
        .append("<dt>Project</dt><dd>")
        .append(text(report.project()))
        .append("</dd>\n<dt>Branch</dt><dd><code>")
        .append(text(report.branch()))
        .append("</code> (first-parent history)</dd>\n<dt>Range</dt><dd>")
        .append(time(report.since()))
        .append(" to ")
        .append(time(report.until()))
        .append(" UTC, the end excluded</dd>\n<dt>Commits</dt><dd id=\"summary-commits\">")
        .append(report.commitCount())
        .append(byHow(report))
        .append("</dd>\n<dt>Violations</dt><dd id=\"summary-violations\">")
        .append(violations)
        .append("</dd>\n<dt>Generated</dt><dd>")
        .append(time(generatedAt))
        .append(" UTC by merge-gate audit</dd>\n</dl>\n</header>\n");
  }

  /** {@code ": 2 by merge request, 1 direct push"}, leaving out the kinds that did not occur. */
  private static String byHow(AuditReport report) {
    List<String> parts = new ArrayList<>();
    for (How how : How.values()) {
      long n = report.commits().stream().filter(c -> c.how() == how).count();
      if (n > 0) {
        parts.add(n + " " + (how == How.MERGE_REQUEST ? "by merge request" : label(how)));
      }
    }
    return parts.isEmpty() ? "" : ": " + String.join(", ", parts);
  }

  private static void legend(StringBuilder out) {
    out.append("<p class=\"muted\">");
    for (Violation v : Violation.values()) {
      out.append("<span class=\"code\">")
          .append(v.code())
          .append("</span> ")
          .append(explanation(v))
          .append(v.ordinal() < Violation.values().length - 1 ? "; " : ".");
    }
    out.append("</p>\n");
  }

  private static void table(StringBuilder out, List<CommitCustody> commits, String id) {
    out.append("<table id=\"")
        .append(id)
        .append("\">\n<colgroup><col class=\"sha\"><col class=\"time\"><col class=\"title\">")
        .append("<col class=\"how\"><col class=\"mr\"><col class=\"bg\"><col class=\"violations\">")
        .append("</colgroup>\n<thead><tr><th>Commit</th><th>Committed (UTC)</th><th>Title</th>")
        .append("<th>How</th><th>Merge request</th><th>Break-glass</th><th>Violations</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (CommitCustody c : commits) {
      row(out, c);
    }
    out.append("</tbody>\n</table>\n");
  }

  private static void row(StringBuilder out, CommitCustody c) {
    out.append(c.violations().isEmpty() ? "<tr>" : "<tr class=\"violation\">")
        .append("<td class=\"sha\" title=\"")
        .append(text(c.sha()))
        .append("\">")
        .append(link(c.webUrl(), escape(Text.shortSha(c.sha()))))
        .append("</td><td>")
        .append(time(c.committedAt()))
        .append("</td><td>")
        .append(text(c.title()))
        .append("</td><td>")
        .append(c.how() == null ? "unknown" : label(c.how()))
        .append("</td><td>")
        .append(mergeRequest(c.mergeRequest()))
        .append("</td><td>")
        .append(breakGlass(c.breakGlass()))
        .append("</td><td>")
        .append(violations(c.violations()))
        .append("</td></tr>\n");
  }

  private static String mergeRequest(MergeRequestFacts mr) {
    if (mr == null) {
      return "<span class=\"muted\">none</span>";
    }
    return link(mr.webUrl(), "!" + mr.iid())
        + " by "
        + user(mr.author())
        + "<br>merged by "
        + (mr.mergedBy() == null ? "unknown" : user(mr.mergedBy()))
        + (mr.mergedAt() == null ? "" : ", " + time(mr.mergedAt()))
        + "<br>approved by "
        + (mr.approvedBy().isEmpty() ? "nobody" : escape(Text.handles(mr.approvedBy(), "nobody")))
        + "<br>"
        + (mr.policyMet() ? "policy met" : "<span class=\"unmet\">policy not met</span>");
  }

  private static String breakGlass(BreakGlassFacts bg) {
    if (bg == null) {
      return "<span class=\"muted\">none</span>";
    }
    String issue;
    if (bg.issueIid() == null) {
      issue = "no follow-up issue";
    } else {
      String state = "opened".equals(bg.issueState()) ? "open" : text(bg.issueState());
      issue = link(bg.issueUrl(), "issue #" + bg.issueIid()) + " (" + state + ")";
    }
    return "by "
        + user(bg.by())
        + (bg.at() == null ? "" : ", " + time(bg.at()))
        + "<br><span class=\"reason\">"
        + multiline(bg.reason())
        + "</span><br>"
        + link(bg.jobUrl(), "job")
        + ", "
        + issue;
  }

  private static String violations(List<Violation> codes) {
    if (codes.isEmpty()) {
      return "<span class=\"muted\">none</span>";
    }
    StringBuilder cell = new StringBuilder();
    for (Violation v : codes) {
      cell.append("<span class=\"code\" title=\"")
          .append(escape(explanation(v)))
          .append("\">")
          .append(v.code())
          .append("</span> ");
    }
    return cell.toString().strip();
  }

  private static String label(How how) {
    return switch (how) {
      case MERGE_REQUEST -> "merge request";
      case BREAK_GLASS -> "break-glass";
      case DIRECT_PUSH -> "direct push";
    };
  }

  private static String explanation(Violation v) {
    return switch (v) {
      case NOT_APPROVED -> "merged without meeting the policy, and no valid break-glass";
      case DIRECT_PUSH -> "no merged merge request produced it, and no valid break-glass";
      case BREAK_GLASS_OPEN -> "came in by break-glass and its follow-up review is still open";
    };
  }

  private static String user(String username) {
    return escape(Text.handle(username));
  }

  /** One line of outside text, escaped: control and bidi characters spelled out, then HTML. */
  private static String text(String s) {
    return escape(Text.visible(s));
  }

  /** Outside text that may span lines (a break-glass reason): each line as {@link #text}. */
  private static String multiline(String s) {
    if (s == null) {
      return "?";
    }
    List<String> lines = new ArrayList<>();
    for (String line : s.split("\r\n|\r|\n", -1)) {
      lines.add(text(line));
    }
    return String.join("\n", lines);
  }

  private static String time(Instant at) {
    return at == null ? "unknown" : TIME.format(at);
  }

  /**
   * {@code html} as a link to {@code url} when it is an absolute http(s) URL; otherwise {@code
   * html} alone, with a note when a URL was withheld (say {@code javascript:alert(1)}).
   */
  static String link(String url, String html) {
    if (url == null || url.isEmpty()) {
      return html;
    }
    if (!isWebUrl(url)) {
      return html
          + " <span class=\"muted\" title=\"link withheld: not an http(s) URL\">(no link)</span>";
    }
    return "<a href=\"" + escape(url) + "\" rel=\"noopener noreferrer\">" + html + "</a>";
  }

  /** An absolute http or https URL with a host, that java.net.URI parses without complaint. */
  static boolean isWebUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      return scheme != null
          && (scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Escapes the five characters that matter in HTML text and quoted attribute values. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      String replacement =
          switch (ch) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (replacement != null && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(ch);
        }
      }
    }
    return out == null ? s : out.toString();
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
