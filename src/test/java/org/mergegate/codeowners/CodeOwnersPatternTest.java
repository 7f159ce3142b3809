package org.mergegate.codeowners;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a CODEOWNERS pattern is normalised ({@code Gitlab::CodeOwners::File#normalize_pattern}) and
 * then matched: anchoring, directories, {@code *} vs {@code **}, dotfiles, escapes, case.
 */
class CodeOwnersPatternTest {
  @ParameterizedTest(name = "{0} owns {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // no leading slash: any depth (GitLab prefixes /**/)
        "README.md|README.md|true",
        "README.md|app/lib/README.md|true",
        "internal/README.md|docs/api/internal/README.md|true",
        "internal/README.md|internal/other/README.md|false",
        // leading slash: anchored at the repository root
        "/README.md|README.md|true",
        "/README.md|docs/README.md|false",
        "/docs/README.md|docs/README.md|true",
        // trailing slash: everything below the directory, at any depth below it
        "/docs/|docs/index.md|true",
        "/docs/|docs/api/graphql/index.md|true",
        "/docs/|other/docs/index.md|false",
        "docs/|other/docs/index.md|true",
        "lib/|a/b/lib/c/d.rb|true",
        // a bare name matches only a file of that name, not a directory's contents
        "docs|docs|true",
        "docs|docs/index.md|false",
        "docs|src/docs|true",
        // '/*' is one level only
        "/docs/*|docs/index.md|true",
        "/docs/*|docs/projects/index.md|false",
        // '**' spans directories only as '**/'
        "/docs/**/*.md|docs/index.md|true",
        "/docs/**/*.md|docs/a/b/index.md|true",
        "/docs/**/*.md|docs/a/b/index.txt|false",
        "/docs/**|docs/a.md|true",
        "/docs/**|docs/a/b.md|false",
        // '*' alone and extensions, dotfiles included
        "*|.gitlab-ci.yml|true",
        "*|a/b/.hidden/c|true",
        "*.rb|app/models/user.rb|true",
        "*.rb|.rb|true",
        "*.rb|app/models/user.rbx|false",
        ".*|config/.env|true",
        "/.gitlab/|.gitlab/CODEOWNERS|true",
        // case-sensitive
        "*.MD|README.md|false",
        "/Docs/|docs/a.md|false",
        // escapes: \\# for a leading hash, backslash-space for spaces
        "\\#file_with_pound.rb|#file_with_pound.rb|true",
        "\\#file_with_pound.rb|sub/#file_with_pound.rb|true",
        "path\\ with\\ spaces/|path with spaces/a.md|true",
        "/path\\ with\\ spaces/*.md|path with spaces/a.md|true",
        // classes and '?'
        "/src/[ab].c|src/b.c|true",
        "/src/?.c|src/ab.c|false",
      })
  void patternOwnsPath(String pattern, String path, boolean owned) {
    CodeOwners co = Owned.parse(pattern + " @owner");
    assertThat(co.problems()).isEmpty();
    assertThat(Owned.implicit(co, path) != null).isEqualTo(owned);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"\\#file.rb|#file.rb", "path\\ with\\ spaces/|path with spaces/", "*|*"})
  void entryShowsThePatternWithEscapesResolved(String written, String shown) {
    CodeOwners co = Owned.parse(written + " @owner");
    assertThat(co.sections().get(0).entries().get(0).pattern()).isEqualTo(shown);
  }

  @org.junit.jupiter.api.Test
  void aLineStartingWithHashIsAComment() {
    CodeOwners co = Owned.parse("#file.rb @owner", "  # indented comment @x", "");
    assertThat(co.sections()).isEmpty();
    assertThat(co.problems()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void anUnescapedSpaceEndsThePattern() {
    // GitLab docs (advanced.md, "Entries with spaces"): parsed as path "folder".
    CodeOwners co = Owned.parse("folder with spaces/*.md @group");
    assertThat(co.sections().get(0).entries().get(0).pattern()).isEqualTo("folder");
    assertThat(Owned.implicit(co, "folder")).containsExactly("@group");
    assertThat(Owned.implicit(co, "folder with spaces/a.md")).isNull();
    assertThat(co.problems()).extracting(CodeOwnersProblem::line).containsExactly(1);
  }

  @org.junit.jupiter.api.Test
  void tabsSeparateOwnersToo() {
    CodeOwners co = Owned.parse("*.rb\t@a\t\t@b");
    assertThat(Owned.implicit(co, "x.rb")).containsExactly("@a", "@b");
  }

  @org.junit.jupiter.api.Test
  void windowsLineEndingsAreStripped() {
    CodeOwners co = CodeOwners.parse("*.rb @a\r\n[Docs]\r\n*.md @b\r\n");
    assertThat(co.problems()).isEmpty();
    assertThat(Owned.by(co, "x.md")).containsOnlyKeys("Docs");
  }

  @org.junit.jupiter.api.Test
  void aLeadingSlashOnThePathIsIgnoredAsGitLabDoes() {
    CodeOwners co = Owned.parse("/docs/ @a");
    assertThat(Owned.implicit(co, "/docs/x.md")).containsExactly("@a");
  }
}
