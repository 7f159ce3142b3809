package org.mergegate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mergegate.policy.Verdicts.evaluate;
import static org.mergegate.policy.Verdicts.lines;
import static org.mergegate.policy.Verdicts.names;
import static org.mergegate.policy.Verdicts.rule;

import org.junit.jupiter.api.Test;
import org.mergegate.codeowners.Owner;
import org.mergegate.review.Approval;

/** CODEOWNERS sections and their entries, evaluated end to end from CODEOWNERS text. */
class SectionRuleTest {
  private static final String DOCS_AND_API =
      lines("[Docs]", "/docs/ @dora @dan", "", "[API]", "/api/ @alice", "/api/v2/ @victor @vera");

  @Test
  void ownerApprovalMeetsTheSectionAndTheGlobalRule() {
    Verdict verdict =
        evaluate(
            DOCS_AND_API, Mr.by("ann").changes("docs/x.md").approvedBy("dora"), Members.users());
    assertThat(verdict.satisfied()).isTrue();
    assertThat(names(verdict)).containsExactly("approvals", "Docs");
    RuleResult docs = rule(verdict, "Docs");
    assertThat(docs.kind()).isEqualTo(RuleResult.Kind.CODEOWNERS);
    assertThat(docs.approvedBy()).containsExactly("dora");
    assertThat(docs.eligible()).containsExactly("dan");
    assertThat(docs.summary()).isEqualTo("approved by @dora");
    assertThat(docs.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.pattern()).isEqualTo("/docs/");
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.owners()).containsExactly("@dora", "@dan");
              assertThat(e.paths()).containsExactly("docs/x.md");
            });
  }

  @Test
  void aNonOwnerApprovalMeetsOnlyTheGlobalRule() {
    Verdict verdict =
        evaluate(
            DOCS_AND_API, Mr.by("ann").changes("docs/x.md").approvedBy("bob"), Members.users());
    assertThat(verdict.satisfied()).isFalse();
    assertThat(rule(verdict, "approvals").met()).isTrue();
    RuleResult docs = rule(verdict, "Docs");
    assertThat(docs.met()).isFalse();
    assertThat(docs.missing()).isEqualTo(1);
    assertThat(docs.summary()).isEqualTo("/docs/ (line 2) needs 1 approval from @dan or @dora");
  }

  @Test
  void eachMatchedEntryOfASectionNeedsItsOwnApproval() {
    Mr mr = Mr.by("ann").changes("api/users.rb", "api/v2/users.rb").approvedBy("alice");
    Verdict verdict = evaluate(DOCS_AND_API, mr, Members.users());
    RuleResult api = rule(verdict, "API");
    assertThat(api.met()).isFalse();
    assertThat(api.entries())
        .extracting(RuleResult.EntryResult::pattern)
        .containsExactly("/api/", "/api/v2/");
    assertThat(api.entries().get(0).approvedBy()).containsExactly("alice");
    assertThat(api.entries().get(0).missing()).isZero();
    assertThat(api.entries().get(1).paths()).containsExactly("api/v2/users.rb");
    assertThat(api.entries().get(1).missing()).isEqualTo(1);
    assertThat(api.summary()).isEqualTo("/api/v2/ (line 6) needs 1 approval from @vera or @victor");
    assertThat(api.eligible()).containsExactly("vera", "victor");

    Verdict both = evaluate(DOCS_AND_API, mr.approvedBy("vera"), Members.users());
    assertThat(both.satisfied()).isTrue();
    assertThat(rule(both, "API").summary())
        .isEqualTo("approved by @alice and @vera for all 2 matched entries");
  }

  @Test
  void manySectionsAreReportedInFileOrder() {
    String codeowners =
        lines(
            "* @root",
            "[Docs]",
            "*.md @dora",
            "[Backend]",
            "*.rb @bea",
            "^[Style]",
            "* @stylist",
            "[Unused]",
            "*.go @gopher");
    Mr mr = Mr.by("ann").changes("README.md", "app/x.rb").approvedBy("root", "dora");
    Verdict verdict = evaluate(codeowners, mr, Members.users());
    assertThat(names(verdict))
        .containsExactly("approvals", "codeowners", "Docs", "Backend", "Style");
    assertThat(verdict.unmet()).extracting(RuleResult::name).containsExactly("Backend");
    assertThat(verdict.satisfied()).isFalse();
  }

  @Test
  void optionalSectionsAreReportedButNeverBlock() {
    String codeowners = lines("^[Style]", "*.css @stylist", "[Web]", "*.css @webdev");
    Mr mr = Mr.by("ann").changes("site.css").approvedBy("webdev");
    Verdict verdict = evaluate(codeowners, mr, Members.users());
    assertThat(verdict.satisfied()).isTrue();
    RuleResult style = rule(verdict, "Style");
    assertThat(style.optional()).isTrue();
    assertThat(style.met()).isFalse();
    assertThat(style.summary())
        .isEqualTo("optional, never blocks: *.css (line 2) needs 1 approval from @stylist");
    assertThat(verdict.unmet()).isEmpty();
  }

  @Test
  void sectionApprovalCountNeedsDistinctOwners() {
    String codeowners = lines("[Security][2] @sec-team", "/auth/");
    Members members = Members.users().topLevelGroup("sec-team", "sam", "sue", "syd");
    Mr mr = Mr.by("ann").changes("auth/login.rb").approvedBy("sam", "SAM");
    RuleResult security = rule(evaluate(codeowners, mr, members), "Security");
    assertThat(security.required()).isEqualTo(2);
    assertThat(security.met()).isFalse();
    assertThat(security.summary())
        .isEqualTo("/auth/ (line 2) needs 1 more approval from @sue or @syd");

    RuleResult done = rule(evaluate(codeowners, mr.approvedBy("syd"), members), "Security");
    assertThat(done.met()).isTrue();
    assertThat(done.approvedBy()).containsExactly("sam", "syd");
  }

  @Test
  void theAuthorCannotSatisfyTheirOwnCode() {
    String codeowners = lines("/infra/ @ann");
    Mr mr = Mr.by("ann").changes("infra/main.tf").approvedBy("ann", "bob");
    Verdict verdict = evaluate(codeowners, mr, Members.users());
    RuleResult rule = rule(verdict, "codeowners");
    assertThat(verdict.satisfied()).isFalse();
    assertThat(rule.summary())
        .isEqualTo("cannot be satisfied: the only owner of /infra/ (line 1) is the author @ann");
    assertThat(rule.entries().get(0).problems()).containsExactly(rule.summary());
    assertThat(rule.eligible()).isEmpty();
  }

  @Test
  void authorIsNeverListedAsEligible() {
    String codeowners = lines("[Platform] @org/platform", "/infra/");
    Members members = Members.users().group("org/platform", "ann", "pat", "bob");
    Mr mr = Mr.by("ann").changes("infra/main.tf").approvedBy("bob");
    RuleResult rule = rule(evaluate(codeowners, mr, members), "Platform");
    assertThat(rule.met()).isTrue();
    assertThat(rule.approvedBy()).containsExactly("bob");
    assertThat(rule.eligible()).containsExactly("pat");
  }

  @Test
  void fewerEligibleOwnersThanRequiredCannotBeSatisfied() {
    String codeowners = lines("[Platform][3] @org/platform", "/infra/");
    Members members = Members.users().group("org/platform", "ann", "pat", "bob");
    Mr mr = Mr.by("ann").changes("infra/main.tf").approvedBy("bob", "pat");
    RuleResult rule = rule(evaluate(codeowners, mr, members), "Platform");
    assertThat(rule.met()).isFalse();
    assertThat(rule.summary())
        .isEqualTo(
            "cannot be satisfied: /infra/ (line 2) needs 3 approvals but only @bob and @pat are"
                + " eligible owners besides the author");
  }

  @Test
  void unresolvableGroupIsNamedWithItsProblem() {
    String codeowners = lines("/db/ @org/ghosts");
    Members members =
        Members.users().unresolvable(Owner.Kind.GROUP, "org/ghosts", "group not found (404)");
    Mr mr = Mr.by("ann").changes("db/schema.sql").approvedBy("bob");
    RuleResult rule = rule(evaluate(codeowners, mr, members), "codeowners");
    assertThat(rule.met()).isFalse();
    assertThat(rule.summary())
        .isEqualTo(
            "cannot be satisfied: no owner of /db/ (line 1) could be resolved (@org/ghosts could"
                + " not be resolved: group not found (404))");
  }

  @Test
  void anOwnerNobodyLookedUpFailsClosed() {
    String codeowners = lines("/db/ @org/dba");
    Mr mr = Mr.by("ann").changes("db/schema.sql").approvedBy("bob");
    // Resolved with nothing at all: the adapter skipped the lookup.
    Verdict verdict =
        Evaluator.evaluate(
            Policy.defaults(),
            org.mergegate.codeowners.CodeOwners.parse(codeowners),
            mr.facts(),
            new org.mergegate.review.OwnerResolutions(java.util.Map.of()));
    assertThat(verdict.satisfied()).isFalse();
    assertThat(rule(verdict, "codeowners").summary()).contains("@org/dba was not looked up");
  }

  @Test
  void oneResolvableOwnerIsEnoughWhenAnotherIsUnresolvable() {
    String codeowners = lines("/db/ @org/ghosts @dba");
    Members members = Members.users().unresolvable(Owner.Kind.GROUP, "org/ghosts", "not found");
    Mr mr = Mr.by("ann").changes("db/schema.sql").approvedBy("dba");
    Verdict verdict = evaluate(codeowners, mr, members);
    assertThat(verdict.satisfied()).isTrue();
    assertThat(rule(verdict, "codeowners").entries().get(0).problems())
        .containsExactly("@org/ghosts could not be resolved: not found");
  }

  @Test
  void groupRoleAndEmailOwnersResolveThroughTheResolutions() {
    String codeowners =
        lines(
            "[Group]",
            "/g/ @org/team",
            "[Role]",
            "/r/ @@maintainer",
            "[Email]",
            "/e/ eve@example.org");
    Members members =
        Members.users()
            .group("org/team", "tom")
            .role("maintainer", "max", "mia")
            .email("eve@example.org", "eve");
    Mr mr = Mr.by("ann").changes("g/1", "r/1", "e/1").approvedBy("Tom", "MIA", "eve");
    Verdict verdict = evaluate(codeowners, mr, members);
    assertThat(verdict.satisfied()).isTrue();
    assertThat(rule(verdict, "Group").approvedBy()).containsExactly("tom");
    assertThat(rule(verdict, "Role").approvedBy()).containsExactly("mia");
    assertThat(rule(verdict, "Role").eligible()).containsExactly("max");
    assertThat(rule(verdict, "Email").approvedBy()).containsExactly("eve");
  }

  @Test
  void caseInsensitiveOwnersAndApprovers() {
    String codeowners = lines("/src/ @Bob");
    Verdict verdict =
        evaluate(codeowners, Mr.by("ann").changes("src/a.c").approvedBy("BOB"), Members.users());
    assertThat(verdict.satisfied()).isTrue();
    assertThat(rule(verdict, "codeowners").approvedBy()).containsExactly("bob");
  }

  @Test
  void botsNeverSatisfyCodeOwnersEvenWithCountBots() {
    String codeowners = lines("/deps/ @org/deps");
    Members members = Members.users().group("org/deps", "dependabot", "dave");
    Mr mr =
        Mr.by("ann")
            .changes("deps/lock")
            .approval(new Approval("dependabot", Mr.minutes(1), true, true));
    Verdict verdict =
        evaluate(
            Verdicts.withApprovals(new Policy.Approvals(1, true, true)), codeowners, mr, members);
    assertThat(rule(verdict, "approvals").met()).isTrue();
    assertThat(rule(verdict, "codeowners").met()).isFalse();
  }

  @Test
  void blockedOwnerApprovalDoesNotCount() {
    String codeowners = lines("/src/ @bob @carl");
    Mr mr =
        Mr.by("ann").changes("src/a").approval(new Approval("bob", Mr.minutes(1), false, false));
    Verdict verdict = evaluate(codeowners, mr, Members.users());
    assertThat(rule(verdict, "codeowners").met()).isFalse();
    assertThat(verdict.ignored())
        .extracting(Verdict.IgnoredApproval::username)
        .containsExactly("bob");
  }

  @Test
  void ownerApprovalResetByAPushNoLongerCounts() {
    String codeowners = lines("/src/ @bob");
    Mr mr =
        Mr.by("ann")
            .changes("src/a")
            .pushed("aaaaaaaa", Mr.T0, "p1")
            .approvedBy("bob")
            .pushed("bbbbbbbb", Mr.minutes(3), "p2");
    Verdict verdict = evaluate(codeowners, mr, Members.users());
    assertThat(rule(verdict, "codeowners").met()).isFalse();
    assertThat(rule(verdict, "codeowners").eligible()).containsExactly("bob");
  }

  @Test
  void entryWithoutOwnersFailsClosed() {
    String codeowners = lines("/src/ @bob", "/src/generated/");
    Mr mr = Mr.by("ann").changes("src/generated/x.c").approvedBy("bob");
    RuleResult rule = rule(evaluate(codeowners, mr, Members.users()), "codeowners");
    assertThat(rule.met()).isFalse();
    assertThat(rule.summary())
        .isEqualTo("cannot be satisfied: /src/generated/ (line 2) names no owners");
  }

  @Test
  void summaryNamesAtMostThreeUnmetEntries() {
    String codeowners = lines("/a/ @x", "/b/ @x", "/c/ @x", "/d/ @x", "/e/ @x");
    Mr mr = Mr.by("ann").changes("a/1", "b/1", "c/1", "d/1", "e/1");
    RuleResult rule = rule(evaluate(codeowners, mr, Members.users()), "codeowners");
    assertThat(rule.entries()).hasSize(5);
    assertThat(rule.missing()).isEqualTo(5);
    assertThat(rule.summary())
        .isEqualTo(
            "/a/ (line 1) needs 1 approval from @x; /b/ (line 2) needs 1 approval from @x;"
                + " /c/ (line 3) needs 1 approval from @x; and 2 more entries");
  }
}
