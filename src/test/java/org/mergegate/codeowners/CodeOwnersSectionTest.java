package org.mergegate.codeowners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sections, approval counts, optional sections, default owners, merging, exclusions, problems. */
class CodeOwnersSectionTest {
  private static List<String> names(List<Owner> owners) {
    return owners.stream().map(Owner::raw).toList();
  }

  @Test
  void entriesBeforeAnyHeaderFormTheImplicitSection() {
    CodeOwners co = Owned.parse("* @all", "[Docs]", "*.md @docs");
    assertThat(co.sections()).extracting(Section::name).containsExactly(Section.IMPLICIT, "Docs");
    assertThat(co.sections().get(0).line()).isZero();
    assertThat(co.sections().get(1).line()).isEqualTo(2);
    assertThat(Owned.by(co, "a.md")).containsOnlyKeys(Section.IMPLICIT, "Docs");
  }

  @Test
  void noImplicitSectionWhenEverythingIsUnderAHeader() {
    CodeOwners co = Owned.parse("[Docs]", "*.md @docs");
    assertThat(co.sections()).extracting(Section::name).containsExactly("Docs");
  }

  @Test
  void approvalCountOptionalFlagAndDefaultOwnersAreRead() {
    CodeOwners co = Owned.parse("[Docs][2] @docs-team @Jane", "docs/", "^[Db] @db", "db/ @x");
    Section docs = co.sections().get(0);
    Section db = co.sections().get(1);
    assertThat(docs.approvalsRequired()).isEqualTo(2);
    assertThat(docs.optional()).isFalse();
    assertThat(names(docs.defaultOwners())).containsExactly("@docs-team", "@Jane");
    assertThat(db.approvalsRequired()).isEqualTo(1);
    assertThat(db.optional()).isTrue();
    assertThat(co.problems()).isEmpty();
  }

  @Test
  void anEntryWithoutOwnersTakesTheDefaultsOfItsHeaderAndOwnersOnTheLineOverrideThem() {
    CodeOwners co = Owned.parse("[Db] @db-team", "model/db/", "config/db/setup.md @docs-team");
    assertThat(Owned.by(co, "model/db/x.rb")).containsEntry("Db", List.of("@db-team"));
    assertThat(Owned.by(co, "config/db/setup.md")).containsEntry("Db", List.of("@docs-team"));
  }

  @Test
  void theLastMatchingEntryOfASectionWins() {
    CodeOwners co = Owned.parse("*.md @doc-team", "terms.md @legal-team");
    assertThat(Owned.implicit(co, "terms.md")).containsExactly("@legal-team");
    assertThat(Owned.implicit(co, "other.md")).containsExactly("@doc-team");
  }

  @Test
  void aRepeatedPatternKeepsItsFirstPlaceButTakesItsLastOwners() {
    // GitLab keys entries by normalised pattern in a Ruby Hash: re-assigning a key keeps its
    // position, so "*.rb" (first written on line 1) still ranks below "/x/*.rb".
    CodeOwners co = Owned.parse("*.rb @a", "/x/*.rb @b", "*.rb @c");
    assertThat(Owned.implicit(co, "x/y.rb")).containsExactly("@b");
    assertThat(Owned.implicit(co, "z.rb")).containsExactly("@c");
    assertThat(co.sections().get(0).entries()).extracting(Entry::line).containsExactly(3, 2);
  }

  @Test
  void duplicateSectionsMergeCaseInsensitivelyUnderTheFirstSpelling() {
    CodeOwners co =
        Owned.parse(
            "[Documentation]",
            "ee/docs/ @docs",
            "docs/ @docs",
            "[Database]",
            "README.md @database",
            "[DOCUMENTATION]",
            "README.md @docs");
    assertThat(co.sections())
        .extracting(Section::name)
        .containsExactly("Documentation", "Database");
    assertThat(co.sections().get(0).entries()).hasSize(3);
    assertThat(co.sections().get(0).line()).isEqualTo(1);
    assertThat(Owned.by(co, "README.md"))
        .containsEntry("Documentation", List.of("@docs"))
        .containsEntry("Database", List.of("@database"));
  }

  @Test
  void aLaterDuplicateHeaderAppliesItsCountAndDefaultsToItsOwnEntriesOnly() {
    CodeOwners co = Owned.parse("[Docs] @first", "*.md", "[docs][3] @second", "*.txt");
    Section docs = co.sections().get(0);
    assertThat(co.sections()).hasSize(1);
    assertThat(docs.approvalsRequired()).isEqualTo(1);
    assertThat(names(docs.defaultOwners())).containsExactly("@first");
    SectionMatch md = co.match("a.md").get(0);
    SectionMatch txt = co.match("a.txt").get(0);
    assertThat(names(md.entry().owners())).containsExactly("@first");
    assertThat(names(txt.entry().owners())).containsExactly("@second");
    assertThat(co.approvalsRequired(md)).isEqualTo(1);
    assertThat(co.approvalsRequired(txt)).isEqualTo(3);
  }

  @Test
  void aSectionIsOptionalOnlyWhenAllItsEntriesAreOptional() {
    // reference.md: duplicated, one optional and one not: the section is required.
    CodeOwners mixed = Owned.parse("[Documentation]", "*.go @user", "^[Documentation]", "*.rb @u");
    assertThat(mixed.sections().get(0).optional()).isFalse();
    CodeOwners allOptional = Owned.parse("^[Go]", "*.go @u", "^[go]", "*.mod @u");
    assertThat(allOptional.sections().get(0).optional()).isTrue();
  }

  @Test
  void exclusionsDropAPathFromTheirSectionOnly() {
    CodeOwners co =
        Owned.parse("* @username", "!pom.xml", "[Ruby]", "*.rb @ruby-team", "!/config/**/*.rb");
    assertThat(Owned.by(co, "pom.xml")).isEmpty();
    assertThat(Owned.by(co, "config/app/x.rb")).containsOnlyKeys(Section.IMPLICIT);
    assertThat(Owned.by(co, "app/x.rb")).containsOnlyKeys(Section.IMPLICIT, "Ruby");
    Entry exclusion = co.sections().get(0).entries().get(1);
    assertThat(exclusion.exclusion()).isTrue();
    assertThat(exclusion.pattern()).isEqualTo("pom.xml");
    assertThat(exclusion.owners()).isEmpty();
  }

  @Test
  void anExclusionWinsWhereverItStandsInTheSection() {
    // reference.md: "After a pattern is excluded, it cannot be included again in the same section"
    CodeOwners co = Owned.parse("* @default-owner", "!*.rb", "/special/*.rb @ruby-owner");
    assertThat(Owned.by(co, "special/a.rb")).isEmpty();
    assertThat(Owned.by(co, "special/a.py"))
        .containsEntry(Section.IMPLICIT, List.of("@default-owner"));
  }

  @Test
  void anUnparsableHeaderIsReportedAndReadAsAnEntryOfTheCurrentSection() {
    CodeOwners co = Owned.parse("[Docs]", "docs/**/* @group", "[Section name", "docs/ @docs_group");
    assertThat(co.sections()).extracting(Section::name).containsExactly("Docs");
    // "docs/**/*" and "docs/" both normalise to /**/docs/**/*: one Hash key in GitLab, so the
    // later line replaces the earlier one in place.
    assertThat(co.sections().get(0).entries())
        .extracting(Entry::pattern)
        .containsExactly("docs/", "[Section");
    assertThat(Owned.by(co, "docs/a/b.md")).containsEntry("Docs", List.of("@docs_group"));
    // the header problem, then its owner "name" is malformed (and leaves "[Section" unowned)
    assertThat(co.problems()).extracting(CodeOwnersProblem::line).containsExactly(3, 3);
  }

  @Test
  void invalidCountsAreReportedAndTreatedAsOne() {
    CodeOwners co =
        Owned.parse("[A][0]", "a @x", "[B][x]", "b @x", "[C][]", "c @x", "^[D][2]", "d @x");
    assertThat(co.sections()).extracting(Section::name).containsExactly("A", "B", "C", "D");
    assertThat(co.sections()).extracting(Section::approvalsRequired).containsExactly(1, 1, 1, 2);
    assertThat(co.problems()).extracting(CodeOwnersProblem::line).containsExactly(1, 3, 5, 7);
  }

  @Test
  void headerWithoutNameOrWithBadDefaultOwnersIsReported() {
    CodeOwners co = Owned.parse("[]", "a @x", "[Docs] not-an-owner", "b @x", "[Ok] @a, @b", "c");
    assertThat(co.problems()).extracting(CodeOwnersProblem::line).containsExactly(1, 3, 5);
    assertThat(names(co.sections().get(2).defaultOwners())).containsExactly("@a");
  }

  @Test
  void anEntryWithNoOwnersAndNoDefaultsIsReportedButStillWinsItsPaths() {
    CodeOwners co = Owned.parse("* @all", "generated/");
    assertThat(co.problems()).extracting(CodeOwnersProblem::line).containsExactly(2);
    assertThat(Owned.implicit(co, "generated/x.c")).isEmpty();
  }

  @Test
  void sectionsAreReportedInFirstAppearanceOrderForEveryMatch() {
    CodeOwners co = Owned.parse("[B]", "* @b", "[A]", "* @a", "[b]", "*.md @b2");
    assertThat(Owned.by(co, "x.md"))
        .containsExactly(
            java.util.Map.entry("B", List.of("@b2")), java.util.Map.entry("A", List.of("@a")));
  }

  @Test
  void theFirstHeaderIsTakenAsWrittenAndLaterOnesCanFoldIntoTheImplicitSection() {
    // section_parser.rb find_section_name: no case-insensitive lookup until a named section exists.
    CodeOwners co = Owned.parse("* @all", "[CODEOWNERS]", "a @x", "[Codeowners]", "b @y");
    assertThat(co.sections()).extracting(Section::name).containsExactly("codeowners", "CODEOWNERS");
    assertThat(co.sections().get(0).entries()).extracting(Entry::pattern).containsExactly("*", "b");
  }
}
