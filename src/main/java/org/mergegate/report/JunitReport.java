package org.mergegate.report;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.mergegate.policy.RuleResult;
import org.mergegate.policy.Verdict;

/**
 * {@code junit.xml}: one test case per rule, so GitLab's merge request "Test summary" panel lists
 * the unmet rules by name.
 *
 * <p>Shaped by what GitLab's JUnit parser reads ({@code lib/gitlab/ci/parsers/test/junit.rb} and
 * the "Unit test reports" docs):
 *
 * <ul>
 *   <li>GitLab shows the {@code classname} as the suite and the {@code name} as the test, so every
 *       case has {@code classname="merge-gate"} and a name a person recognises: {@code approvals}
 *       or {@code CODEOWNERS [Backend]}. Names stay the same from run to run, so GitLab's
 *       comparison with the target branch can report a rule as newly failed or resolved.
 *   <li>GitLab keeps only the first of several cases with the same name, so a clash (a section
 *       called "approvals" would not clash, but two rules with one display name would) gets a
 *       numeric suffix rather than vanishing.
 *   <li>GitLab displays the element <em>content</em> of {@code failure} and {@code skipped}, not
 *       the {@code message} attribute, so the content carries the whole explanation: summary, who
 *       can approve, each CODEOWNERS entry with its paths, and the ignored approvals. The attribute
 *       repeats the summary for other JUnit viewers.
 *   <li>An unmet <em>optional</em> section is {@code skipped}, not a pass with {@code system-out}:
 *       GitLab counts skipped cases in the panel's summary and shows the skipped content as the
 *       reason, while it reads {@code system-out} only for failed cases. The rule is visible but
 *       does not turn the panel red, which is what "optional" means.
 * </ul>
 *
 * All text from the verdict goes through {@link Text#visible}, so control characters (which XML 1.0
 * cannot carry at all) become readable escapes and the file is always well-formed.
 */
public final class JunitReport {
  /** The file name inside the report directory. */
  public static final String FILE_NAME = "junit.xml";

  /** Suite name and classname of every case. */
  static final String SUITE = "merge-gate";

  private JunitReport() {}

  /** The verdict as a JUnit XML document, UTF-8, ending with a newline. */
  public static String render(Verdict verdict) {
    StringWriter out = new StringWriter();
    try {
      // The JDK's own writer, not whichever StAX provider the shaded jar happens to carry.
      XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
      write(verdict, xml);
      xml.close();
    } catch (XMLStreamException e) {
      // Writing to a StringWriter with sanitised text cannot fail; reaching here is a bug.
      throw new IllegalStateException("could not write junit.xml: " + e.getMessage(), e);
    }
    return out + "\n";
  }

  /**
   * Writes {@value #FILE_NAME} into {@code dir}, creating the directory.
   *
   * @throws IOException whose message names the file and the reason, when it cannot be written
   */
  public static void write(Verdict verdict, Path dir) throws IOException {
    ReportFiles.write(dir, FILE_NAME, render(verdict));
  }

  private static void write(Verdict verdict, XMLStreamWriter xml) throws XMLStreamException {
    List<RuleResult> rules = verdict.rules();
    long failures = rules.stream().filter(r -> !r.met() && !r.optional()).count();
    long skipped = rules.stream().filter(r -> !r.met() && r.optional()).count();

    xml.writeStartDocument("UTF-8", "1.0");
    xml.writeCharacters("\n");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", SUITE);
    xml.writeAttribute("tests", String.valueOf(rules.size()));
    xml.writeAttribute("failures", String.valueOf(failures));
    xml.writeAttribute("errors", "0");
    xml.writeAttribute("skipped", String.valueOf(skipped));
    xml.writeAttribute("time", "0");

    List<String> names = uniqueNames(rules);
    String ignored = ignoredApprovals(verdict);
    for (int i = 0; i < rules.size(); i++) {
      RuleResult rule = rules.get(i);
      xml.writeCharacters("\n  ");
      if (rule.met()) {
        xml.writeEmptyElement("testcase");
        testcaseAttributes(xml, names.get(i));
      } else {
        xml.writeStartElement("testcase");
        testcaseAttributes(xml, names.get(i));
        xml.writeCharacters("\n    ");
        xml.writeStartElement(rule.optional() ? "skipped" : "failure");
        xml.writeAttribute("message", message(rule));
        if (!rule.optional()) {
          xml.writeAttribute("type", "unmet rule");
        }
        xml.writeCharacters(explanation(rule, ignored));
        xml.writeEndElement();
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
      }
    }
    xml.writeCharacters("\n");
    xml.writeEndElement();
    xml.writeEndDocument();
  }

  private static void testcaseAttributes(XMLStreamWriter xml, String name)
      throws XMLStreamException {
    xml.writeAttribute("classname", SUITE);
    xml.writeAttribute("name", name);
    xml.writeAttribute("time", "0");
  }

  /** Display names, with " (2)", " (3)" appended to repeats so GitLab drops none. */
  static List<String> uniqueNames(List<RuleResult> rules) {
    Set<String> seen = new HashSet<>();
    List<String> names = new ArrayList<>();
    for (RuleResult rule : rules) {
      String base = RuleText.displayName(rule);
      String name = base;
      for (int n = 2; !seen.add(name); n++) {
        name = base + " (" + n + ")";
      }
      names.add(name);
    }
    return names;
  }

  private static String message(RuleResult rule) {
    return rule.summary() == null || rule.summary().isBlank()
        ? RuleText.displayName(rule) + " is not met"
        : Text.visible(rule.summary());
  }

  private static String explanation(RuleResult rule, String ignored) {
    List<String> lines = new ArrayList<>();
    lines.add(
        RuleText.displayName(rule)
            + (rule.optional() ? " (optional, does not block)" : "")
            + ": "
            + RuleText.progress(rule)
            + ", "
            + RuleText.outcome(rule));
    lines.addAll(RuleText.details(rule));
    return String.join("\n", lines) + ignored;
  }

  /** Repeated in every case: GitLab shows one case at a time, and it answers "why not mine?". */
  private static String ignoredApprovals(Verdict verdict) {
    List<String> ignored = RuleText.ignored(verdict);
    return ignored.isEmpty() ? "" : "\nignored approvals:\n  " + String.join("\n  ", ignored);
  }
}
