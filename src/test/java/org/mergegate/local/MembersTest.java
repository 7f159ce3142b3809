package org.mergegate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.codeowners.Owner;
import org.mergegate.codeowners.Owner.Kind;
import org.mergegate.review.OwnerResolutions;

class MembersTest {
  @TempDir Path dir;

  @Test
  void resolvesGroupsRolesEmailsAndDropsBotsAndBlockedUsers() throws IOException {
    Path file = dir.resolve("members.yml");
    Files.writeString(
        file,
        """
        groups:
          Data-Platform/SRE: [Sam, renovate-bot, mallory]
        roles:
          maintainer: [pat]
        emails:
          frank@example.org: frank
        bots: [renovate-bot]
        blocked: [mallory]
        """);
    Members members = Members.read(file);
    Owner group = new Owner(Kind.GROUP, "data-platform/sre", "@data-platform/sre");
    Owner role = new Owner(Kind.ROLE, "maintainer", "@@maintainers");
    Owner email = new Owner(Kind.EMAIL, "Frank@Example.org", "Frank@Example.org");
    Owner unknownGroup = new Owner(Kind.GROUP, "nobody", "@nobody");
    Owner user = new Owner(Kind.USER, "alice", "@Alice");

    OwnerResolutions r = members.resolve(Set.of(group, role, email, unknownGroup, user));

    assertThat(r.of(group).usernames()).containsExactly("sam");
    assertThat(r.of(role).usernames()).containsExactly("pat");
    assertThat(r.of(email).usernames()).containsExactly("frank");
    assertThat(r.of(user).usernames()).containsExactly("alice");
    assertThat(r.of(unknownGroup).resolved()).isFalse();
    assertThat(r.of(unknownGroup).problem()).contains("@nobody").contains("--members");
    assertThat(members.isBot("Renovate-Bot")).isTrue();
    assertThat(members.isBlocked("mallory")).isTrue();
  }

  @Test
  void aBareNameIsATopLevelGroupWhenOneIsListedElseAUser() throws IOException {
    Path file = dir.resolve("members.yml");
    Files.writeString(file, "groups:\n  tech-writers: [tess, tom]\n");
    Owner group = new Owner(Kind.USER, "tech-writers", "@tech-writers");
    Owner user = new Owner(Kind.USER, "tess", "@tess");
    OwnerResolutions r = Members.read(file).resolve(Set.of(group, user));
    assertThat(r.of(group).usernames()).containsExactlyInAnyOrder("tess", "tom");
    assertThat(r.of(user).usernames()).containsExactly("tess");
  }

  @Test
  void withoutAFileGroupsDoNotResolveSoTheGateFailsClosed() {
    Owner group = new Owner(Kind.GROUP, "data-platform/sre", "@data-platform/sre");
    assertThat(Members.none().resolve(Set.of(group)).of(group).resolved()).isFalse();
  }

  @Test
  void aTypoInTheFileIsAnErrorWithItsLine() throws IOException {
    Path file = dir.resolve("members.yml");
    Files.writeString(file, "groups:\n  a: [b]\ngroup:\n  c: [d]\n");
    assertThatThrownBy(() -> Members.read(file))
        .hasMessage(
            file
                + ":3: unknown key 'group' (expected one of: groups, roles, emails, bots, blocked)");
  }

  @Test
  void aGroupGivenOneNameInsteadOfAListIsAnErrorWithItsLine() throws IOException {
    Path file = dir.resolve("members.yml");
    Files.writeString(file, "bots: [renovate-bot]\ngroups:\n  sre: sam\n");
    assertThatThrownBy(() -> Members.read(file))
        .hasMessage(file + ":3: 'groups: sre' must be a list of usernames, not the text 'sam'");
  }

  @Test
  void aGroupListedTwiceIsAnErrorRatherThanTheLaterListWinning() throws IOException {
    Path file = dir.resolve("members.yml");
    Files.writeString(file, "groups:\n  sre: [sam]\n  sre: [mallory]\n");
    assertThatThrownBy(() -> Members.read(file))
        .hasMessage(file + ":3: duplicate key 'sre' (first at line 2); keep only one");
  }

  @Test
  void anAliasIsRefusedNamingTheMembersFile() throws IOException {
    Path file = dir.resolve("members.yml");
    Files.writeString(file, "groups:\n  a: &x [sam]\n  b: *x\n");
    assertThatThrownBy(() -> Members.read(file))
        .hasMessageStartingWith(
            file + ":2: YAML anchors (&x) are not supported in the members file");
  }

  @Test
  void anEmptyKeyOrFileMeansNobody() throws IOException {
    Path file = dir.resolve("members.yml");
    Files.writeString(file, "# nothing yet\ngroups:\nbots:\n");
    Owner group = new Owner(Kind.GROUP, "sre", "@sre");
    assertThat(Members.read(file).resolve(Set.of(group)).of(group).resolved()).isFalse();
  }
}
