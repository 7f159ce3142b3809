package org.mergegate.codeowners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties over generated patterns, paths and files. */
class CodeOwnersPropertiesTest {
  private static final String GLOB_CHARS = "ab./*?[]!^-\\#@ é\t";

  @Provide
  Arbitrary<String> globby() {
    return Arbitraries.strings().withChars(GLOB_CHARS.toCharArray()).ofMaxLength(24);
  }

  @Property(tries = 3000)
  void fnmatchNeverThrows(@ForAll("globby") String pattern, @ForAll("globby") String path) {
    Fnmatch.matches(pattern, path);
  }

  @Property(tries = 3000)
  void aPatternJudgedHopelessNeverMatches(
      @ForAll("globby") String pattern, @ForAll("globby") String path) {
    if (!Fnmatch.canMatchAnything(pattern.codePoints().toArray())) {
      assertThat(Fnmatch.matches(pattern, "/" + path)).isFalse();
    }
  }

  @Property(tries = 1000)
  void matchingNeverThrowsOnArbitraryStrings(@ForAll String pattern, @ForAll String path) {
    CodeOwners co = CodeOwners.parse(pattern + " @x\n" + pattern);
    assertThat(co.match(path)).isNotNull();
  }

  @Property(tries = 1000)
  void parseNeverThrows(@ForAll String text) {
    assertThat(CodeOwners.parse(text).problems()).isNotNull();
  }

  /** The indexed matcher agrees with trying every entry of every section, as GitLab does. */
  @Property(tries = 1000)
  void indexedMatchingEqualsTryingEveryEntry(
      @ForAll("files") List<String> lines, @ForAll("paths") String path) {
    String text = String.join("\n", lines);
    CodeOwners co = CodeOwners.parse(text);
    assertThat(co.match(path)).isEqualTo(naive(text, path));
  }

  private static List<SectionMatch> naive(String text, String path) {
    CodeOwnersParser.Result parsed = CodeOwnersParser.parse(text);
    String rooted = path.startsWith("/") ? path : "/" + path;
    List<SectionMatch> out = new ArrayList<>();
    for (int i = 0; i < parsed.sections().size(); i++) {
      Entry winner = null;
      boolean excluded = false;
      for (CodeOwnersParser.Rule r : parsed.rules()) {
        if (r.section() == i && Fnmatch.matches(r.normalizedPattern(), rooted)) {
          excluded |= r.entry().exclusion();
          winner = r.entry().exclusion() ? winner : r.entry();
        }
      }
      if (winner != null && !excluded) {
        out.add(new SectionMatch(parsed.sections().get(i), winner));
      }
    }
    return out;
  }

  @Provide
  Arbitrary<List<String>> files() {
    Arbitrary<String> segment =
        Arbitraries.of("docs", "app", "a.rb", "b.md", "*", "**", "*.rb", ".env", "x?", "[ab]");
    Arbitrary<String> pattern =
        Combinators.combine(
                Arbitraries.of("", "/", "!", "!/"),
                segment.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l)),
                Arbitraries.of("", "/"))
            .as((a, b, c) -> a + b + c);
    Arbitrary<String> entry = pattern.map(p -> p + " @" + "o" + Math.abs(p.hashCode() % 7));
    Arbitrary<String> header = Arbitraries.of("[A]", "[a]", "[B] @b", "^[C]", "[D][2]");
    return Arbitraries.oneOf(entry, entry, entry, header).list().ofMaxSize(30);
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of("docs", "app", "a.rb", "b.md", ".env", "xa", "a", "b")
        .list()
        .ofMinSize(1)
        .ofMaxSize(5)
        .map(l -> String.join("/", l));
  }

  /** Files mixing valid lines with malformed ones: every malformed line is reported. */
  @Property(tries = 500)
  void everyMalformedLineIsReported(@ForAll("mixedFiles") List<Line> lines) {
    String text = lines.stream().map(Line::text).collect(Collectors.joining("\n"));
    Set<Integer> reported =
        CodeOwners.parse(text).problems().stream()
            .map(CodeOwnersProblem::line)
            .collect(Collectors.toSet());
    for (int i = 0; i < lines.size(); i++) {
      assertThat(reported.contains(i + 1))
          .as("line %d: %s", i + 1, lines.get(i).text())
          .isEqualTo(lines.get(i).malformed());
    }
  }

  record Line(String text, boolean malformed) {}

  @Provide
  Arbitrary<List<Line>> mixedFiles() {
    Arbitrary<Line> valid =
        Arbitraries.of(
                "* @all",
                "/docs/ @docs @@maintainers",
                "*.rb jane@example.org",
                "!*.lock",
                "[Section] @team",
                "^[Optional]",
                "[Counted][3] @a @b",
                "# a comment @x",
                "",
                "   ",
                "path\\ with\\ spaces/ @g/sub")
            .map(t -> new Line(t, false));
    Arbitrary<Line> malformed =
        Arbitraries.of(
                "[Unclosed section",
                "[]",
                "[Zero][0]",
                "[Bad][x]",
                "^[Optional][2]",
                "[Owners] not-an-owner",
                "*.md @good bad-owner",
                "*.md @@admin",
                "[Junk] @a trailing, stuff")
            .map(t -> new Line(t, true));
    // "[Section] @team" gives later owner-less lines default owners, so owner-less lines are
    // only generated where no section is open: at the top of the file.
    return Arbitraries.oneOf(valid, valid, malformed).list().ofMaxSize(40);
  }
}
