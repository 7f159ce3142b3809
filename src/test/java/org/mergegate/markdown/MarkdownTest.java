package org.mergegate.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MarkdownTest {
  private static final String MARKER = "<!-- merge-gate:break-glass:v1 eyJzaGEiOiIx -->";

  @Test
  void proseEscapesEveryMarkupAndReferenceCharacterAndStaysOnOneLine() {
    assertThat(Markdown.text("see " + MARKER))
        .isEqualTo("see \\<\\!\\-\\- merge\\-gate:break\\-glass:v1 eyJzaGEiOiIx \\-\\-\\>");
    assertThat(Markdown.text("@all look at #12 and !7, **now**\n# Approved"))
        .isEqualTo("\\@all look at \\#12 and \\!7, \\*\\*now\\*\\* \\# Approved");
    assertThat(Markdown.text("a\\b `c`")).isEqualTo("a\\\\b \\`c\\`");
    assertThat(Markdown.text("plain words stay plain")).isEqualTo("plain words stay plain");
  }

  @Test
  void everyLineOfAQuoteStaysInTheQuote() {
    assertThat(Markdown.quote("first\n\n# heading\r\n" + MARKER + "\u2028last"))
        .isEqualTo("> first\n>\n> \\# heading\n> " + Markdown.text(MARKER) + "\n> last");
  }

  @Test
  void literalTextCannotOpenACommentOrCloseCode() {
    assertThat(Markdown.literal("paths: a/<!-- x -->\n```\nb"))
        .isEqualTo("paths: a/\\u003C!-- x --\\u003E\n\\u0060\\u0060\\u0060\nb");
    assertThat(Markdown.code("main`<b>")).isEqualTo("`main\\u0060\\u003Cb\\u003E`");
    assertThat(Markdown.literal("bell\u0007")).isEqualTo("bell\\u0007");
  }

  @Test
  void urlsCannotEndTheLinkNorRunScript() {
    assertThat(Markdown.url("https://gitlab.example.com/acme/x/-/jobs/5"))
        .isEqualTo("https://gitlab.example.com/acme/x/-/jobs/5");
    assertThat(Markdown.url("https://x.example/a) <!-- b -->"))
        .isEqualTo("https://x.example/a%29%20%3C!--%20b%20--%3E");
    assertThat(Markdown.url("javascript:alert(1)")).isEqualTo("#");
    assertThat(Markdown.url(null)).isEqualTo("#");
  }

  @Test
  void onlyAPlainUsernameBecomesAMention() {
    assertThat(Markdown.handle("sre-sam")).isEqualTo("@sre-sam");
    assertThat(Markdown.handle("all")).isEqualTo("\\@all");
    assertThat(Markdown.handle("x <!--")).isEqualTo("\\@x \\<\\!\\-\\-");
  }

  @Property(tries = 500)
  void noNeutralisedTextEverContainsACommentMarker(@ForAll("hostile") String s) {
    for (String out :
        new String[] {
          Markdown.text(s),
          Markdown.quote(s),
          Markdown.literal(s),
          Markdown.code(s),
          Markdown.url("https://x/" + s),
          Markdown.handle(s)
        }) {
      assertThat(out).doesNotContain("<!--").doesNotContain("-->");
    }
    assertThat(Markdown.text(s)).doesNotContain("\n").doesNotContain("\r");
    assertThat(Markdown.quote(s).split("\n", -1)).allSatisfy(l -> assertThat(l).startsWith(">"));
  }

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.of(
            "<", "!", "-", ">", "`", "\n", "\r", "\u2028", "@all", "#1", " ", "\\", "a")
        .list()
        .ofMaxSize(30)
        .map(parts -> String.join("", parts));
  }
}
