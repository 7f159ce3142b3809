package org.mergegate.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.mergegate.audit.AuditReport;
import org.mergegate.audit.CommitCustody;
import org.mergegate.audit.CommitCustody.BreakGlassFacts;
import org.mergegate.audit.CommitCustody.MergeRequestFacts;
import org.mergegate.audit.CommitCustody.Violation;

/**
 * {@code merge-gate audit --format csv}: one row per commit, newest first, for a spreadsheet.
 *
 * <p>RFC 4180: a header row, CRLF after every record, a field quoted when it holds a comma, a
 * double quote, CR or LF, and a double quote inside a quoted field doubled. The text starts with a
 * UTF-8 byte order mark so that Excel reads names such as "José" as UTF-8 rather than as the
 * machine's legacy code page. Empty fields mean "does not apply" (no MR, no break-glass) or "GitLab
 * did not say". Times are ISO-8601 UTC, {@code 2026-11-20T09:30:00Z}.
 *
 * <p>Formula injection (OWASP "CSV Injection"): titles, reasons and usernames come from whoever
 * wrote them, and a spreadsheet evaluates a cell that starts with {@code = + - @}, tab or CR as a
 * formula. Such a cell is written with a leading apostrophe ({@code '=HYPERLINK(...)}), which
 * spreadsheets take as text; a program reading this file should drop that one apostrophe (or read
 * {@code --format json}, which is never altered).
 */
public final class AuditCsv {
  /** The column names, in order. */
  static final List<String> HEADER =
      List.of(
          "sha",
          "committed_at",
          "title",
          "how",
          "mr_iid",
          "mr_author",
          "mr_merged_by",
          "mr_merged_at",
          "mr_approved_by",
          "mr_policy_met",
          "break_glass_by",
          "break_glass_reason",
          "break_glass_at",
          "break_glass_issue_iid",
          "break_glass_issue_state",
          "violations",
          "commit_url",
          "mr_url",
          "break_glass_job_url",
          "break_glass_issue_url");

  /** Separates usernames in {@code mr_approved_by} and codes in {@code violations}. */
  static final String LIST_SEPARATOR = ";";

  private static final String BYTE_ORDER_MARK = "\uFEFF";
  private static final String CRLF = "\r\n";

  private AuditCsv() {}

  /** The whole file. */
  public static String render(AuditReport report) {
    StringBuilder out = new StringBuilder(BYTE_ORDER_MARK);
    appendRecord(out, HEADER);
    for (CommitCustody commit : report.commits()) {
      appendRecord(out, row(commit));
    }
    return out.toString();
  }

  private static List<String> row(CommitCustody c) {
    MergeRequestFacts mr = c.mergeRequest();
    BreakGlassFacts bg = c.breakGlass();
    List<String> cells = new ArrayList<>(HEADER.size());
    cells.add(c.sha());
    cells.add(time(c.committedAt()));
    cells.add(c.title());
    cells.add(c.how() == null ? null : c.how().code());
    cells.add(mr == null ? null : Long.toString(mr.iid()));
    cells.add(mr == null ? null : mr.author());
    cells.add(mr == null ? null : mr.mergedBy());
    cells.add(mr == null ? null : time(mr.mergedAt()));
    cells.add(mr == null ? null : String.join(LIST_SEPARATOR, mr.approvedBy()));
    cells.add(mr == null ? null : Boolean.toString(mr.policyMet()));
    cells.add(bg == null ? null : bg.by());
    cells.add(bg == null ? null : bg.reason());
    cells.add(bg == null ? null : time(bg.at()));
    cells.add(bg == null || bg.issueIid() == null ? null : bg.issueIid().toString());
    cells.add(bg == null ? null : bg.issueState());
    cells.add(
        c.violations().stream().map(Violation::code).collect(Collectors.joining(LIST_SEPARATOR)));
    cells.add(c.webUrl());
    cells.add(mr == null ? null : mr.webUrl());
    cells.add(bg == null ? null : bg.jobUrl());
    cells.add(bg == null ? null : bg.issueUrl());
    return cells;
  }

  private static String time(Instant at) {
    return at == null ? null : at.toString();
  }

  private static void appendRecord(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(cells.get(i)));
    }
    out.append(CRLF);
  }

  /** One field: defused against formulas, then quoted if RFC 4180 requires it. */
  static String field(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String text = startsLikeFormula(value) ? "'" + value : value;
    boolean quote =
        text.indexOf(',') >= 0
            || text.indexOf('"') >= 0
            || text.indexOf('\r') >= 0
            || text.indexOf('\n') >= 0;
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }

  /**
   * Whether a spreadsheet could take the cell for a formula: its first character, or its first
   * after blanks (LibreOffice's "Trim spaces" import drops them), is {@code = + - @} or their
   * full-width forms (which Excel's Asian input converts), or it starts with a tab or carriage
   * return.
   */
  private static boolean startsLikeFormula(String value) {
    char first = value.charAt(0);
    if (first == '\t' || first == '\r') {
      return true;
    }
    int i = 0;
    while (i < value.length()
        && (Character.isWhitespace(value.charAt(i)) || Character.isSpaceChar(value.charAt(i)))) {
      i++;
    }
    return i < value.length() && "=+-@\uff1d\uff0b\uff0d\uff20".indexOf(value.charAt(i)) >= 0;
  }
}
