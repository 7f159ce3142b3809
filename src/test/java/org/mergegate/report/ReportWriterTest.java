package org.mergegate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  @Test
  void writesBothReportsIntoANewDirectory(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("merge-gate-report");

    var written = ReportWriter.write(Verdicts.failing(), dir);

    assertThat(written).containsExactly(dir.resolve("merge-gate.json"), dir.resolve("junit.xml"));
    assertThat(
            new ObjectMapper()
                .readTree(dir.resolve("merge-gate.json").toFile())
                .get("satisfied")
                .asBoolean())
        .isFalse();
    assertThat(
            DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(dir.resolve("junit.xml").toFile())
                .getDocumentElement()
                .getAttribute("failures"))
        .isEqualTo("2");
  }

  @Test
  void replacesReportsFromAnEarlierRun(@TempDir Path dir) throws Exception {
    ReportWriter.write(Verdicts.failing(), dir);

    ReportWriter.write(Verdicts.satisfied(), dir);

    assertThat(Files.readString(dir.resolve("merge-gate.json"))).contains("\"satisfied\" : true");
    assertThat(Files.readString(dir.resolve("junit.xml"))).doesNotContain("<failure");
  }

  @Test
  void aFileInTheWayIsAClearError(@TempDir Path tmp) throws Exception {
    Path blocker = Files.writeString(tmp.resolve("reports"), "not a directory");

    assertThatThrownBy(() -> ReportWriter.write(Verdicts.failing(), blocker))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "cannot create report directory "
                + blocker
                + ": a file that is not a directory is in the way");
  }

  @Test
  void aReportFileThatCannotBeWrittenIsNamedInTheError(@TempDir Path dir) throws Exception {
    Files.createDirectory(dir.resolve("junit.xml"));

    assertThatThrownBy(() -> ReportWriter.write(Verdicts.failing(), dir))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot write report file " + dir.resolve("junit.xml") + ": ");
  }
}
