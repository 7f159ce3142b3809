package org.mergegate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.policy.RuleResult;
import org.mergegate.policy.Verdict;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReportTest {
  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> testcases(Document doc) {
    NodeList nodes = doc.getElementsByTagName("testcase");
    List<Element> cases = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      cases.add((Element) nodes.item(i));
    }
    return cases;
  }

  private static Element child(Element parent, String name) {
    NodeList nodes = parent.getElementsByTagName(name);
    return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
  }

  @Test
  void aStandingRequestForChangesIsAFailingCaseThatNamesTheBlocker() throws Exception {
    List<Element> cases = testcases(parse(JunitReport.render(Verdicts.requestedChanges())));
    assertThat(cases)
        .extracting(c -> c.getAttribute("name"))
        .containsExactly("approvals", "requested changes");
    Element failure = child(cases.get(1), "failure");
    assertThat(failure.getAttribute("message"))
        .isEqualTo(
            "@carol requested changes at 2024-05-03 14:02 UTC and is no longer a reviewer; only"
                + " @carol's approval lifts it");
    assertThat(failure.getTextContent()).startsWith("requested changes: 1/2, blocked by @carol\n");
  }

  @Test
  void oneSuiteWithCorrectCounts() throws Exception {
    Element suite = parse(JunitReport.render(Verdicts.failing())).getDocumentElement();

    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("name")).isEqualTo("merge-gate");
    assertThat(suite.getAttribute("tests")).isEqualTo("4");
    assertThat(suite.getAttribute("failures")).isEqualTo("2");
    assertThat(suite.getAttribute("skipped")).isEqualTo("1");
    assertThat(suite.getAttribute("errors")).isEqualTo("0");
  }

  @Test
  void oneTestCasePerRuleNamedForPeople() throws Exception {
    List<Element> cases = testcases(parse(JunitReport.render(Verdicts.failing())));

    assertThat(cases)
        .extracting(c -> c.getAttribute("name"))
        .containsExactly(
            "approvals", "CODEOWNERS [Docs]", "CODEOWNERS [Backend]", "CODEOWNERS [Security]");
    assertThat(cases).extracting(c -> c.getAttribute("classname")).containsOnly("merge-gate");
  }

  @Test
  void unmetBlockingRulesFailWithTheSummaryAndWhoCanApprove() throws Exception {
    List<Element> cases = testcases(parse(JunitReport.render(Verdicts.failing())));

    Element approvals = child(cases.get(0), "failure");
    assertThat(approvals.getAttribute("message"))
        .isEqualTo("needs 1 more approval from anyone but the author");
    // GitLab shows the element's content, not the message attribute: everything must be in it.
    assertThat(approvals.getTextContent())
        .startsWith("approvals: 1/2, approved by @bob\n")
        .contains("needs 1 more approval from anyone but the author")
        .contains("can approve: @carol, @dave, @erin")
        .contains("ignored approvals:\n  @alice: is the author");

    Element backend = child(cases.get(2), "failure");
    assertThat(backend.getTextContent())
        .contains("entry /src/api/ (line 7, owners @backend-team): 1/2, approved by @bob")
        .contains("and 3 more")
        .contains("entry *.sql (line 9, owners @dba erin@example.org): 0/2, no approvals")
        .contains("problem: erin@example.org matches no GitLab user");
  }

  @Test
  void metRulesPassAndUnmetOptionalRulesAreSkippedNotFailed() throws Exception {
    List<Element> cases = testcases(parse(JunitReport.render(Verdicts.failing())));

    Element docs = cases.get(1);
    assertThat(docs.getElementsByTagName("*").getLength()).isZero();

    Element security = cases.get(3);
    assertThat(child(security, "failure")).isNull();
    Element skipped = child(security, "skipped");
    assertThat(skipped.getAttribute("message"))
        .isEqualTo("optional: an approval from @grace is requested but not required");
    assertThat(skipped.getTextContent())
        .startsWith("CODEOWNERS [Security] (optional, does not block): 0/1")
        .contains("can approve: @grace");
  }

  @Test
  void satisfiedVerdictHasNoFailures() throws Exception {
    Document doc = parse(JunitReport.render(Verdicts.satisfied()));

    assertThat(doc.getDocumentElement().getAttribute("tests")).isEqualTo("2");
    assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("0");
    assertThat(doc.getDocumentElement().getAttribute("skipped")).isEqualTo("0");
    assertThat(doc.getElementsByTagName("failure").getLength()).isZero();
  }

  @Test
  void hostileNamesStayWellFormedAndReadable() throws Exception {
    String xml = JunitReport.render(Verdicts.hostile());

    Document doc = parse(xml);

    Element hostile = testcases(doc).get(1);
    assertThat(hostile.getAttribute("name")).isEqualTo("CODEOWNERS [<script>&\"'\\u0001]]>]");
    Element failure = child(hostile, "failure");
    assertThat(failure.getAttribute("message"))
        .isEqualTo("needs <1> approval & \"quotes\" \\u0007 from @o'neil");
    assertThat(failure.getTextContent())
        .contains("entry /a&b<c>/ (line 2, owners @x&y)")
        .contains("paths: evil\\u0001\\u001B[32mok\\u000Amerge-gate: SATISFIED\\u202E.txt")
        .contains("@eve\\u001B[2K: is the \\u0000author");
    assertThat(xml).doesNotContain("<script>");
  }

  @Test
  void repeatedNamesGetASuffixBecauseGitLabDropsDuplicates() throws Exception {
    RuleResult backend = Verdicts.backendUnmet();
    Verdict twice =
        new Verdict(false, "alice", Verdicts.HEAD, 1, List.of(backend, backend), List.of());

    List<Element> cases = testcases(parse(JunitReport.render(twice)));

    assertThat(cases)
        .extracting(c -> c.getAttribute("name"))
        .containsExactly("CODEOWNERS [Backend]", "CODEOWNERS [Backend] (2)");
  }

  @Test
  void writeCreatesTheDirectoryAndAUtf8File(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("a/b");
    RuleResult unicode =
        new RuleResult(
            RuleResult.Kind.CODEOWNERS,
            "Frontend \u00e9\u6f22\uD83D\uDE80",
            true,
            false,
            1,
            List.of("z\u00fc"),
            0,
            List.of(),
            List.of(),
            "ok");
    Verdict verdict = new Verdict(true, "alice", Verdicts.HEAD, 1, List.of(unicode), List.of());

    JunitReport.write(verdict, target);

    String written = Files.readString(target.resolve("junit.xml"), StandardCharsets.UTF_8);
    assertThat(testcases(parse(written)).get(0).getAttribute("name"))
        .isEqualTo("CODEOWNERS [Frontend \u00e9\u6f22\uD83D\uDE80]");
  }
}
