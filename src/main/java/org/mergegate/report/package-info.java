/**
 * Renderers of a {@link org.mergegate.policy.Verdict}: the human report printed by {@code check}
 * and {@code explain} ({@link org.mergegate.report.ConsoleReport}), and the files written with
 * {@code --report-dir} ({@link org.mergegate.report.JsonReport}, {@link
 * org.mergegate.report.JunitReport}, both via {@link org.mergegate.report.ReportWriter}).
 *
 * <p>{@link org.mergegate.report.AuditCsv} and {@link org.mergegate.report.AuditHtml} render an
 * {@link org.mergegate.audit.AuditReport} for {@code merge-gate audit --format csv|html}.
 *
 * <p>Renderers only format what the verdict (or report) says; they decide nothing about policy.
 */
package org.mergegate.report;
