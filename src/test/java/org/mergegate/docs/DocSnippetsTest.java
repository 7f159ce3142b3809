package org.mergegate.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mergegate.codeowners.CodeOwners;
import org.mergegate.policy.PolicyLoader;

/** Every policy and CODEOWNERS the docs show must load cleanly, so the docs cannot drift. */
class DocSnippetsTest {
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern POLICY_KEY =
      Pattern.compile("^(approvals|codeowners|break_glass):", Pattern.MULTILINE);

  @Test
  void everyPolicySnippetInTheReadmeAndDocsLoadsWithoutProblems() throws IOException {
    List<String> checked = new ArrayList<>();
    for (Path doc : docs()) {
      Matcher m = YAML_BLOCK.matcher(Files.readString(doc));
      while (m.find()) {
        String yaml = m.group(1);
        if (!POLICY_KEY.matcher(yaml).find() || yaml.contains("include:")) {
          continue;
        }
        assertThat(PolicyLoader.load(yaml).problems()).as(doc + ":\n" + yaml).isEmpty();
        checked.add(doc.toString());
      }
    }
    assertThat(checked).as("the README shows a policy").contains("README.md");
  }

  @Test
  void everyCodeownersSnippetParsesWithoutProblems() throws IOException {
    Pattern block = Pattern.compile("```codeowners\\n(.*?)```", Pattern.DOTALL);
    int checked = 0;
    for (Path doc : docs()) {
      Matcher m = block.matcher(Files.readString(doc));
      while (m.find()) {
        CodeOwners parsed = CodeOwners.parse(m.group(1));
        assertThat(parsed.problems()).as(doc + ":\n" + m.group(1)).isEmpty();
        assertThat(parsed.sections()).isNotEmpty();
        checked++;
      }
    }
    assertThat(checked).as("docs/policy.md shows a CODEOWNERS").isPositive();
  }

  @Test
  void theExamplePolicyLoadsWithoutProblems() throws IOException {
    String yaml = Files.readString(Path.of("examples/airflow-dags/.gitlab/merge-gate.yml"));
    assertThat(PolicyLoader.load(yaml).problems()).isEmpty();
  }

  private static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> files = Files.list(Path.of("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }
}
