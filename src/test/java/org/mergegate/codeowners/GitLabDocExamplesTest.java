package org.mergegate.codeowners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The examples of GitLab's Code Owners documentation, each with the outcome the page describes.
 * Pages: https://docs.gitlab.com/user/project/codeowners/reference/ ("Syntax of CODEOWNERS file",
 * doc/user/project/codeowners/reference.md) and
 * https://docs.gitlab.com/user/project/codeowners/advanced/ ("Advanced CODEOWNERS configuration",
 * doc/user/project/codeowners/advanced.md).
 */
class GitLabDocExamplesTest {
  private static final String IMPLICIT = Section.IMPLICIT;

  /** reference.md, the opening "Here are some examples" file. */
  @Test
  void referenceSyntaxExamples() {
    CodeOwners co =
        Owned.parse(
            "# Specify a default Code Owner for all files with a wildcard:",
            "* @default-owner",
            "README.md @doc-team @tech-lead",
            "*.rb @ruby-owner",
            "LICENSE @legal janedoe@gitlab.com",
            "README @group @group/with-nested/subgroup",
            "/docs/ @all-docs",
            "/docs/* @root-docs",
            "/docs/**/*.md @markdown-docs  # Match specific file types in any subdirectory",
            "/db/**/index.md @index-docs   # Match a specific file name in any subdirectory",
            "[Documentation]",
            "ee/docs    @docs",
            "docs       @docs",
            "/config/ @@maintainer");
    assertThat(Owned.implicit(co, "app/x.c")).containsExactly("@default-owner");
    assertThat(Owned.implicit(co, "sub/README.md")).containsExactly("@doc-team", "@tech-lead");
    assertThat(Owned.implicit(co, "lib/a.rb")).containsExactly("@ruby-owner");
    assertThat(Owned.implicit(co, "LICENSE")).containsExactly("@legal", "janedoe@gitlab.com");
    assertThat(Owned.implicit(co, "README"))
        .containsExactly("@group", "@group/with-nested/subgroup");
    assertThat(Owned.implicit(co, "docs/api/x.txt")).containsExactly("@all-docs");
    assertThat(Owned.implicit(co, "docs/x.txt")).containsExactly("@root-docs");
    assertThat(Owned.implicit(co, "docs/api/x.md")).containsExactly("@markdown-docs");
    assertThat(Owned.implicit(co, "docs/x.md")).containsExactly("@markdown-docs");
    assertThat(Owned.implicit(co, "db/a/b/index.md")).containsExactly("@index-docs");
    assertThat(Owned.by(co, "ee/docs")).containsEntry("Documentation", List.of("@docs"));
    assertThat(Owned.by(co, "config/x.yml"))
        .containsEntry("Documentation", List.of("@@maintainer"));
    // "# Match ..." after an entry is not a comment: GitLab reads the words as (malformed) owners
    assertThat(co.problems()).extracting(CodeOwnersProblem::line).containsExactly(9, 10);
  }

  /** reference.md, "Sections": the README example with its described owners. */
  @Test
  void sectionsReadmeExample() {
    CodeOwners co =
        Owned.parse(
            "* @admin",
            "",
            "[README Owners]",
            "README.md @user1 @user2",
            "internal/README.md @user4",
            "",
            "[README other owners]",
            "README.md @user3");
    assertThat(Owned.by(co, "README.md"))
        .containsExactly(
            Map.entry(IMPLICIT, List.of("@admin")),
            Map.entry("README Owners", List.of("@user1", "@user2")),
            Map.entry("README other owners", List.of("@user3")));
    assertThat(Owned.by(co, "internal/README.md"))
        .containsExactly(
            Map.entry(IMPLICIT, List.of("@admin")),
            Map.entry("README Owners", List.of("@user4")),
            Map.entry("README other owners", List.of("@user3")));
  }

  /** reference.md, "Section headings and names". */
  @Test
  void sectionHeadingExamples() {
    CodeOwners co =
        Owned.parse(
            "[Section name]",
            "^[Section name]",
            "[Section name][5]",
            "[Section name] @username",
            "[Section name][2] @group @subgroup",
            "a @x");
    assertThat(co.problems()).isEmpty();
    assertThat(co.sections()).hasSize(1);
    Section s = co.sections().get(0);
    assertThat(s.optional()).isFalse();
    SectionMatch m = co.match("a").get(0);
    assertThat(co.approvalsRequired(m)).isEqualTo(2);

    assertThat(Owned.parse("^[Section name]", "a @x").sections().get(0).optional()).isTrue();
    assertThat(Owned.parse("[Section name][5]", "a @x").sections().get(0).approvalsRequired())
        .isEqualTo(5);
    assertThat(Owned.parse("[Section name] @username", "a").match("a").get(0).entry().owners())
        .extracting(Owner::raw)
        .containsExactly("@username");
    Section two = Owned.parse("[Section name][2] @group @subgroup", "a").sections().get(0);
    assertThat(two.approvalsRequired()).isEqualTo(2);
    assertThat(two.defaultOwners()).extracting(Owner::raw).containsExactly("@group", "@subgroup");
  }

  /** reference.md, "Set default Code Owner for a section". */
  @Test
  void defaultOwnersForASection() {
    CodeOwners co =
        Owned.parse(
            "[Documentation] @docs-team",
            "docs/",
            "README.md",
            "",
            "[Database] @database-team @agarcia",
            "model/db/",
            "config/db/database-setup.md @docs-team");
    assertThat(Owned.by(co, "docs/x.md")).containsEntry("Documentation", List.of("@docs-team"));
    assertThat(Owned.by(co, "README.md")).containsEntry("Documentation", List.of("@docs-team"));
    assertThat(Owned.by(co, "model/db/x.rb"))
        .containsEntry("Database", List.of("@database-team", "@agarcia"));
    assertThat(Owned.by(co, "config/db/database-setup.md"))
        .containsEntry("Database", List.of("@docs-team"));
  }

  /** reference.md, "Optional sections". */
  @Test
  void optionalSections() {
    CodeOwners co =
        Owned.parse("[Documentation]", "*.md @root", "[Ruby]", "*.rb @root", "^[Go]", "*.go @root");
    assertThat(co.sections()).extracting(Section::optional).containsExactly(false, false, true);
    assertThat(co.match("main.go")).extracting(m -> m.section().name()).containsExactly("Go");
  }

  /** reference.md, "Add a role as a Code Owner" and "Add a group as a Code Owner". */
  @Test
  void rolesAndGroups() {
    CodeOwners roles = Owned.parse("file.md @@developer @@maintainer");
    assertThat(roles.match("file.md").get(0).entry().owners())
        .extracting(Owner::kind, Owner::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Owner.Kind.ROLE, "developer"),
            org.assertj.core.groups.Tuple.tuple(Owner.Kind.ROLE, "maintainer"));
    CodeOwners groups = Owned.parse("file.md @group-x @group-x/subgroup-y");
    assertThat(groups.match("file.md").get(0).entry().owners())
        .extracting(Owner::kind)
        .containsExactly(Owner.Kind.USER, Owner.Kind.GROUP);
    CodeOwners maintainers = Owned.parse("[Maintainers]", "* @gitlab-org/maintainers/group-name");
    assertThat(Owned.by(maintainers, "any/file"))
        .containsEntry("Maintainers", List.of("@gitlab-org/maintainers/group-name"));
  }

  /** reference.md, "Path matching": absolute, relative, directory, wildcard and globstar paths. */
  @Test
  void pathMatchingExamples() {
    CodeOwners co =
        Owned.parse(
            "/README.md @root-readme",
            "/docs/README.md @docs-readme",
            "internal/README.md @internal");
    assertThat(Owned.implicit(co, "README.md")).containsExactly("@root-readme");
    assertThat(Owned.implicit(co, "docs/README.md")).containsExactly("@docs-readme");
    assertThat(Owned.implicit(co, "internal/README.md")).containsExactly("@internal");
    assertThat(Owned.implicit(co, "docs/internal/README.md")).containsExactly("@internal");
    assertThat(Owned.implicit(co, "docs/api/internal/README.md")).containsExactly("@internal");
    assertThat(Owned.implicit(co, "app/README.md")).isNull();

    CodeOwners relative = Owned.parse("README.md @username");
    for (String p : List.of("README.md", "internal/README.md", "app/lib/README.md")) {
      assertThat(Owned.implicit(relative, p)).as(p).containsExactly("@username");
    }

    CodeOwners wild =
        Owned.parse(
            "/docs/*.md @md",
            "/docs/index.* @index",
            "/docs/*spec* @spec",
            "/docs/*/README.md @one");
    assertThat(Owned.implicit(wild, "docs/a.md")).containsExactly("@md");
    assertThat(Owned.implicit(wild, "docs/index.html")).containsExactly("@index");
    assertThat(Owned.implicit(wild, "docs/index.xml")).containsExactly("@index");
    assertThat(Owned.implicit(wild, "docs/qa_specs.rb")).containsExactly("@spec");
    assertThat(Owned.implicit(wild, "docs/runtime.spec")).containsExactly("@spec");
    assertThat(Owned.implicit(wild, "docs/api/README.md")).containsExactly("@one");
    assertThat(Owned.implicit(wild, "docs/api/v4/README.md")).isNull();
    assertThat(Owned.implicit(wild, "docs/sub/a.md")).isNull();

    CodeOwners globstar = Owned.parse("/docs/**/index.md @idx");
    for (String p : List.of("docs/index.md", "docs/api/index.md", "docs/api/graphql/index.md")) {
      assertThat(Owned.implicit(globstar, p)).as(p).containsExactly("@idx");
    }
  }

  /** reference.md, "Exclusion patterns": every example and guideline. */
  @Test
  void exclusionPatterns() {
    CodeOwners co =
        Owned.parse(
            "# All files require approval from @username",
            "* @username",
            "# Except pom.xml which needs no approval",
            "!pom.xml",
            "[Ruby]",
            "*.rb @ruby-team",
            "!/config/**/*.rb");
    assertThat(co.match("pom.xml")).isEmpty();
    assertThat(co.match("sub/pom.xml")).isEmpty();
    assertThat(Owned.by(co, "config/routes.rb")).containsOnlyKeys(IMPLICIT);
    assertThat(Owned.by(co, "app/user.rb")).containsOnlyKeys(IMPLICIT, "Ruby");

    CodeOwners ordered = Owned.parse("* @default-owner", "!*.rb", "/special/*.rb @ruby-owner");
    assertThat(ordered.match("special/x.rb")).isEmpty();

    CodeOwners again =
        Owned.parse("[Ruby]", "*.rb @ruby-team", "!/config/**/*.rb", "/config/routes.rb @ops");
    assertThat(again.match("config/routes.rb")).isEmpty();
    assertThat(Owned.by(again, "lib/x.rb")).containsEntry("Ruby", List.of("@ruby-team"));

    CodeOwners split =
        Owned.parse(
            "[Ruby]", "*.rb @ruby-team", "!/config/**/*.rb", "[Config]", "/config/ @ops-team");
    assertThat(Owned.by(split, "config/a/b.rb")).containsOnlyKeys("Config");

    CodeOwners generated =
        Owned.parse(
            "* @default-owner",
            "!package-lock.json",
            "!yarn.lock",
            "!**/generated/          # Any files in generated directories.",
            "!.gitlab-ci.yml");
    for (String p :
        List.of("package-lock.json", "web/yarn.lock", "a/generated/b/c.java", ".gitlab-ci.yml")) {
      assertThat(generated.match(p)).as(p).isEmpty();
    }
    assertThat(Owned.implicit(generated, "src/Main.java")).containsExactly("@default-owner");
  }

  /** reference.md, "Entry owners". */
  @Test
  void entryOwners() {
    CodeOwners co = Owned.parse("/path/to/entry.rb @group @group/subgroup @user");
    assertThat(Owned.implicit(co, "path/to/entry.rb"))
        .containsExactly("@group", "@group/subgroup", "@user");
  }

  /** advanced.md, "Pattern matching": {@code **}{@code /*.rb} and dotfiles. */
  @Test
  void advancedPatternMatching() {
    CodeOwners co = Owned.parse("**/*.rb @rb", "* @all");
    CodeOwners rbOnly = Owned.parse("**/*.rb @rb");
    assertThat(Owned.implicit(rbOnly, "config/database.rb")).containsExactly("@rb");
    assertThat(Owned.implicit(rbOnly, "app/controllers/users/stars_controller.rb"))
        .containsExactly("@rb");
    assertThat(Owned.implicit(co, ".gitignore")).containsExactly("@all");
  }

  /** advanced.md, "Default Code Owners and optional sections". */
  @Test
  void defaultOwnersWithOptionalSectionsAndCounts() {
    CodeOwners co =
        Owned.parse(
            "[Documentation][2] @docs-team",
            "docs/",
            "README.md",
            "",
            "^[Database] @database-team",
            "model/db/",
            "config/db/database-setup.md @docs-team");
    assertThat(co.problems()).isEmpty();
    Section docs = co.sections().get(0);
    Section db = co.sections().get(1);
    assertThat(docs.approvalsRequired()).isEqualTo(2);
    assertThat(docs.optional()).isFalse();
    assertThat(db.optional()).isTrue();
    assertThat(Owned.by(co, "README.md")).containsEntry("Documentation", List.of("@docs-team"));
    assertThat(Owned.by(co, "model/db/schema.rb"))
        .containsEntry("Database", List.of("@database-team"));
  }

  /** advanced.md, "Regular entries and sections": model/db/CHANGELOG.txt needs three approvals. */
  @Test
  void regularEntriesAndSections() {
    CodeOwners co =
        Owned.parse(
            "# Required for all files",
            "* @general-approvers",
            "",
            "[Documentation] @docs-team",
            "docs/",
            "README.md",
            "*.txt",
            "",
            "[Database] @database-team",
            "model/db/",
            "config/db/database-setup.md @docs-team");
    assertThat(Owned.by(co, "model/db/CHANGELOG.txt"))
        .containsExactly(
            Map.entry(IMPLICIT, List.of("@general-approvers")),
            Map.entry("Documentation", List.of("@docs-team")),
            Map.entry("Database", List.of("@database-team")));
    assertThat(Owned.by(co, "config/db/database-setup.md"))
        .containsEntry("Database", List.of("@docs-team"));
  }

  /** advanced.md, "Sections with duplicate names". */
  @Test
  void sectionsWithDuplicateNames() {
    CodeOwners co =
        Owned.parse(
            "[Documentation]",
            "ee/docs/    @docs",
            "docs/       @docs",
            "",
            "[Database]",
            "README.md  @database",
            "model/db/   @database",
            "",
            "[DOCUMENTATION]",
            "README.md  @docs");
    assertThat(co.sections())
        .extracting(Section::name)
        .containsExactly("Documentation", "Database");
    assertThat(co.sections().get(0).entries()).hasSize(3);
    assertThat(co.sections().get(1).entries()).hasSize(2);
  }

  /** advanced.md, "Define Code Owners for specific files or directories". */
  @Test
  void lastMatchingPatternWins() {
    CodeOwners co = Owned.parse("*.md @doc-team", "terms.md @legal-team");
    assertThat(Owned.implicit(co, "terms.md")).containsExactly("@legal-team");
  }

  /** advanced.md, "Require multiple approvals from Code Owners". */
  @Test
  void multipleApprovals() {
    CodeOwners co =
        Owned.parse("[Documentation][2]", "*.md @tech-writer-team", "[Ruby]", "*.rb @dev-team");
    assertThat(co.sections()).extracting(Section::approvalsRequired).containsExactly(2, 1);
  }

  /** advanced.md, "Entries with spaces". */
  @Test
  void entriesWithSpaces() {
    CodeOwners co = Owned.parse("path\\ with\\ spaces/*.md @owner");
    assertThat(Owned.implicit(co, "path with spaces/a.md")).containsExactly("@owner");
  }

  /** advanced.md, "Unparsable sections": after the default section. */
  @Test
  void unparsableSectionAfterTheDefaultSection() {
    CodeOwners co = Owned.parse("* @group", "", "[Section name", "docs/ @docs_group");
    assertThat(co.sections()).extracting(Section::name).containsExactly(IMPLICIT);
    assertThat(co.sections().get(0).entries())
        .extracting(Entry::pattern)
        .containsExactly("*", "[Section", "docs/");
    assertThat(co.problems()).isNotEmpty().allMatch(p -> p.line() == 3);
    assertThat(Owned.implicit(co, "docs/a")).containsExactly("@docs_group");
  }

  /** advanced.md, "Malformed owners". */
  @Test
  void malformedOwners() {
    CodeOwners co = Owned.parse("/path/* @group user_without_at_symbol @user_with_at_symbol");
    assertThat(Owned.implicit(co, "path/x")).containsExactly("@group", "@user_with_at_symbol");
    assertThat(co.problems()).extracting(CodeOwnersProblem::line).containsExactly(1);
  }

  /** advanced.md, "Inaccessible or incorrect owners": all are syntactically owners. */
  @Test
  void inaccessibleOwnersAreStillOwnersSyntactically() {
    CodeOwners co =
        Owned.parse(
            "* @group @grou @username @i_left @i_dont_exist example@gitlab.com invalid@gitlab.com");
    assertThat(co.problems()).isEmpty();
    assertThat(Owned.implicit(co, "x")).hasSize(7);
  }

  /** advanced.md, "Minimum approvals": [0] means one approval. */
  @Test
  void zeroApprovalsMeansOne() {
    CodeOwners co = Owned.parse("[Docs][0]", "*.md @a");
    assertThat(co.sections().get(0).approvalsRequired()).isEqualTo(1);
    assertThat(co.approvalsRequired(co.match("a.md").get(0))).isEqualTo(1);
  }

  /** The long example file of earlier versions of reference.md ("Example CODEOWNERS file"). */
  @Test
  void historicExampleFile() {
    CodeOwners co =
        Owned.parse(
            "# app/ @commented-rule",
            "* @default-codeowner",
            "* @multiple @code @owners",
            "*.rb @ruby-owner",
            "\\#file_with_pound.rb @owner-file-with-pound",
            "CODEOWNERS @multiple @code @owners",
            "LICENSE @legal this_does_not_match janedoe@gitlab.com",
            "README @group @group/with-nested/subgroup",
            "/docs/ @all-docs",
            "/docs/* @root-docs",
            "/docs/**/*.md @root-docs",
            "lib/ @lib-owner",
            "/config/ @config-owner",
            "path\\ with\\ spaces/ @space-owner",
            "[Documentation]",
            "ee/docs    @docs",
            "docs       @docs",
            "[Development] @dev-team",
            "*",
            "README.md @docs-team",
            "data-models/ @data-science-team",
            "[DOCUMENTATION]",
            "README.md  @docs");
    assertThat(Owned.implicit(co, "app/x.js")).containsExactly("@multiple", "@code", "@owners");
    assertThat(Owned.implicit(co, "app/x.rb")).containsExactly("@ruby-owner");
    assertThat(Owned.implicit(co, "#file_with_pound.rb")).containsExactly("@owner-file-with-pound");
    assertThat(Owned.implicit(co, "docs/index.md")).containsExactly("@root-docs");
    assertThat(Owned.implicit(co, "docs/projects/index.md")).containsExactly("@root-docs");
    assertThat(Owned.implicit(co, "docs/projects/index.txt")).containsExactly("@all-docs");
    assertThat(Owned.implicit(co, "a/lib/b/c.py")).containsExactly("@lib-owner");
    assertThat(Owned.implicit(co, "config/x")).containsExactly("@config-owner");
    assertThat(Owned.implicit(co, "sub/config/x")).containsExactly("@multiple", "@code", "@owners");
    assertThat(Owned.implicit(co, "path with spaces/x")).containsExactly("@space-owner");
    assertThat(Owned.by(co, "README.md"))
        .containsEntry("Documentation", List.of("@docs"))
        .containsEntry("Development", List.of("@docs-team"));
    assertThat(Owned.by(co, "data-models/m.csv"))
        .containsEntry("Development", List.of("@data-science-team"));
    assertThat(Owned.by(co, "src/a.c")).containsEntry("Development", List.of("@dev-team"));
    assertThat(co.problems()).extracting(CodeOwnersProblem::line).containsExactly(7);
  }
}
