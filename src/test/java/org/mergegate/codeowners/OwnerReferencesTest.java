package org.mergegate.codeowners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Owner tokens, as {@code Gitlab::CodeOwners::ReferenceExtractor} recognises them. */
class OwnerReferencesTest {
  private static List<Owner> owners(String line) {
    return CodeOwners.parse("file " + line).sections().get(0).entries().get(0).owners();
  }

  @Test
  void recognisesUsersGroupsRolesAndEmails() {
    assertThat(owners("@Alice @group/with-nested/subgroup @@Developers jane.doe@Example.org"))
        .containsExactly(
            new Owner(Owner.Kind.USER, "alice", "@Alice"),
            new Owner(
                Owner.Kind.GROUP, "group/with-nested/subgroup", "@group/with-nested/subgroup"),
            new Owner(Owner.Kind.ROLE, "developer", "@@Developers"),
            new Owner(Owner.Kind.EMAIL, "jane.doe@example.org", "jane.doe@Example.org"));
  }

  @Test
  void keepsTheTokenAsWrittenAndNormalisesTheName() {
    Owner role = owners("@@maintainers").get(0);
    assertThat(role.name()).isEqualTo("maintainer");
    assertThat(role.raw()).isEqualTo("@@maintainers");
    assertThat(owners("@@owner").get(0).name()).isEqualTo("owner");
    assertThat(owners("@Bob").get(0).name()).isEqualTo("bob");
  }

  @Test
  void ignoresWordsThatAreNotOwnersAndReportsThem() {
    CodeOwners co = CodeOwners.parse("LICENSE @legal this_does_not_match janedoe@gitlab.com\n");
    assertThat(co.sections().get(0).entries().get(0).owners())
        .extracting(Owner::raw)
        .containsExactly("@legal", "janedoe@gitlab.com");
    assertThat(co.problems()).hasSize(1);
    assertThat(co.problems().get(0).message()).contains("this_does_not_match");
  }

  @Test
  void unknownRolesAndBareAtSignsAreNotOwners() {
    assertThat(owners("@@admin @ @@ x@")).isEmpty();
    assertThat(CodeOwners.parse("f @@admin\n").problems()).hasSize(1);
  }

  @Test
  void duplicatesCollapseIgnoringCase() {
    assertThat(owners("@a @A @a")).extracting(Owner::raw).containsExactly("@a");
  }

  @Test
  void namesFollowGitLabsNamespaceRules() {
    // a path may not end in '.', '.git' or '.atom'; GitLab's regexp backs off to what is valid
    assertThat(owners("@group.")).extracting(Owner::name).containsExactly("group");
    assertThat(owners("@grp/sub.git")).extracting(Owner::name).containsExactly("grp/sub.gi");
    assertThat(owners("@alice @bob.")).extracting(Owner::name).containsExactly("alice", "bob");
  }

  @Test
  void punctuationGluedToAnAtSignReadsAsAnEmailAddressAsInGitLab() {
    // GitLab's EMAIL_REGEXP is [^@\s]{1,100}@[^@\s]{1,255}(?<!\W), scanned over the owner text.
    assertThat(owners("@alice,@bob"))
        .extracting(Owner::raw)
        .containsExactly("@alice", "alice,@bob", "@bob");
  }
}
