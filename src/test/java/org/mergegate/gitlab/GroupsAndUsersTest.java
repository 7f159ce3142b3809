package org.mergegate.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mergegate.codeowners.Owner;
import org.mergegate.review.Approval;
import org.mergegate.review.OwnerResolutions;
import org.mergegate.review.Resolution;

class GroupsAndUsersTest {
  private final FakeGitLab gitlab = new FakeGitLab();
  private final GitLabHttp http = gitlab.client();

  @AfterEach
  void stop() {
    http.close();
    gitlab.close();
  }

  private static Owner user(String name) {
    return new Owner(Owner.Kind.USER, name, "@" + name);
  }

  private OwnerResolutions resolve(Set<Owner> owners, List<Approval> approvals) {
    return new GroupsAndUsers(http, "42").resolve(owners, approvals);
  }

  @Test
  void usersResolveByUsernameAndBlockedOrUnknownOnesCannotApprove() {
    gitlab.pages("/api/v4/users", List.of()); // GitLab's answer for an unknown username: []
    gitlab.user("carol", "active").user("mallory", "blocked");
    OwnerResolutions r = resolve(Set.of(user("Carol"), user("mallory"), user("ghost")), List.of());
    assertThat(r.of(user("carol"))).isEqualTo(Resolution.of(Set.of("carol")));
    assertThat(r.of(user("mallory")).problem()).isEqualTo("@mallory is blocked and cannot approve");
    assertThat(r.of(user("ghost")).problem())
        .isEqualTo("@ghost is neither a GitLab user nor a group");
  }

  @Test
  void aBareNameThatIsNoUserIsATopLevelGroup() {
    gitlab.pages("/api/v4/users", List.of());
    gitlab.groupMembers("search-platform", Map.of("sofia", 30, "sam", 40));
    OwnerResolutions r = resolve(Set.of(user("search-platform")), List.of());
    assertThat(r.of(user("search-platform"))).isEqualTo(Resolution.of(Set.of("sofia", "sam")));
  }

  @Test
  void anOwnerWhoApprovedNeedsNoLookup() {
    OwnerResolutions r =
        resolve(
            Set.of(user("bob"), user("bot")),
            List.of(
                Approval.byHuman("Bob", Instant.parse("2024-05-03T11:00:00Z")),
                new Approval("bot", Instant.parse("2024-05-03T11:00:00Z"), true, true)));
    assertThat(r.of(user("bob"))).isEqualTo(Resolution.of(Set.of("bob")));
    assertThat(r.of(user("bot"))).isEqualTo(Resolution.of(Set.of()));
    assertThat(gitlab.requestCount()).isZero();
  }

  @Test
  void groupsResolveToTheirActiveDirectMembers() {
    Map<String, Integer> members = new LinkedHashMap<>();
    members.put("dora", 30);
    members.put("erin", 50);
    members.put("blocked-bob", 40);
    gitlab.groupMembers("acme/payments-team", members);
    Owner group = new Owner(Owner.Kind.GROUP, "acme/payments-team", "@acme/payments-team");
    Owner missing = new Owner(Owner.Kind.GROUP, "acme/nobody", "@acme/nobody");
    OwnerResolutions r = resolve(Set.of(group, missing), List.of());
    assertThat(r.of(group)).isEqualTo(Resolution.of(Set.of("dora", "erin")));
    assertThat(r.of(missing).problem())
        .isEqualTo("group @acme/nobody does not exist or the token cannot see it");
  }

  @Test
  void rolesMatchExactlyThatAccessLevelAmongDirectProjectMembers() {
    Map<String, Integer> members = new LinkedHashMap<>();
    members.put("dev1", 30);
    members.put("main1", 40);
    members.put("owner1", 50);
    members.put("reporter1", 20);
    gitlab.projectMembers(members);
    Owner maintainers = new Owner(Owner.Kind.ROLE, "maintainer", "@@maintainer");
    Owner developers = new Owner(Owner.Kind.ROLE, "developer", "@@developers");
    OwnerResolutions r = resolve(Set.of(maintainers, developers), List.of());
    assertThat(r.of(maintainers)).isEqualTo(Resolution.of(Set.of("main1")));
    assertThat(r.of(developers)).isEqualTo(Resolution.of(Set.of("dev1")));
    assertThat(gitlab.requestCount()).isEqualTo(1);
  }

  @Test
  void aBotApproverNeverCountsAsAnOwner() {
    gitlab.groupMembers("acme/ops", Map.of("dora", 30, "group_7_bot_ab12", 40));
    Owner group = new Owner(Owner.Kind.GROUP, "acme/ops", "@acme/ops");
    OwnerResolutions r =
        resolve(
            Set.of(group),
            List.of(
                new Approval(
                    "group_7_bot_ab12", Instant.parse("2024-05-03T11:00:00Z"), true, true)));
    assertThat(r.of(group)).isEqualTo(Resolution.of(Set.of("dora")));
  }

  @Test
  void anEmailNobodyShowsPubliclyIsUnresolvable() {
    gitlab.pages("/api/v4/users", List.of());
    Owner email = new Owner(Owner.Kind.EMAIL, "sec@example.org", "sec@example.org");
    assertThat(resolve(Set.of(email), List.of()).of(email).problem())
        .startsWith("no GitLab user shows sec@example.org as public e-mail");
  }
}
