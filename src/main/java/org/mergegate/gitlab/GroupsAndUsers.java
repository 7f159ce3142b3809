package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.mergegate.codeowners.Owner;
import org.mergegate.review.Approval;
import org.mergegate.review.OwnerResolutions;
import org.mergegate.review.Resolution;

/**
 * Resolves CODEOWNERS owners to the users who may approve for them, as GitLab Code Owners defines
 * it: a user by username (a bare {@code @name} that is no user is tried as a top-level group); a
 * group by full path, through its direct members; {@code @@role} through the project's direct
 * members with exactly that role; an e-mail address through the user whose public e-mail it is.
 * Blocked users and bots never count. Every owner is looked up concurrently.
 *
 * <p>GitLab exposes the bot flag only on a user's own record, so bots are recognised among the
 * approvers (whose records the reader already fetched): a bot that did not approve may still be
 * listed as able to approve, but its approval would not count.
 */
public final class GroupsAndUsers {
  private static final Map<String, Integer> ROLE_LEVELS =
      Map.of("developer", 30, "maintainer", 40, "owner", 50);

  private final GitLabHttp http;
  private final String project;

  public GroupsAndUsers(GitLabHttp http, String project) {
    this.http = http;
    this.project = "/projects/" + GitLabHttp.segment(project);
  }

  /** Resolves {@code owners}; {@code approvals} say which approvers are bots. */
  public OwnerResolutions resolve(Set<Owner> owners, List<Approval> approvals) {
    Set<String> bots =
        approvals.stream()
            .filter(Approval::bot)
            .map(a -> a.username().toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    // Role owners share one read of the project's members.
    CompletableFuture<List<JsonNode>> projectMembers =
        owners.stream().anyMatch(o -> o.kind() == Owner.Kind.ROLE)
            ? http.async(() -> http.getAll(project + "/members", "the project's direct members"))
            : CompletableFuture.completedFuture(List.of());
    Map<Owner, CompletableFuture<Resolution>> pending = new HashMap<>();
    for (Owner owner : owners) {
      pending.put(
          owner,
          switch (owner.kind()) {
            case USER -> http.async(() -> user(owner, approvals));
            case GROUP -> http.async(() -> group(owner));
            case ROLE -> projectMembers.thenApply(members -> role(owner, members));
            case EMAIL -> http.async(() -> email(owner));
          });
    }
    Map<Owner, Resolution> resolved = new HashMap<>();
    pending.forEach(
        (owner, future) ->
            resolved.put(
                owner, withoutBots(http.await(future, "resolving owner " + owner.raw()), bots)));
    return new OwnerResolutions(resolved);
  }

  private Resolution user(Owner owner, List<Approval> approvals) {
    // An approver's own record was read already (state and bot flag): no second request.
    for (Approval a : approvals) {
      if (a.username().equalsIgnoreCase(owner.name())) {
        if (!a.active()) {
          return Resolution.unresolvable(owner.raw() + " is not active and cannot approve");
        }
        return Resolution.of(Set.of(a.username().toLowerCase(Locale.ROOT)));
      }
    }
    List<JsonNode> found =
        http.getAll("/users?username=" + GitLabHttp.query(owner.name()), "the user " + owner.raw());
    if (found.isEmpty()) {
      // A bare @name may equally be a top-level group (users and groups share one namespace).
      Resolution asGroup = group(owner);
      return asGroup.resolved()
          ? asGroup
          : Resolution.unresolvable(owner.raw() + " is neither a GitLab user nor a group");
    }
    JsonNode user = found.get(0);
    if (!"active".equals(user.path("state").asText())) {
      return Resolution.unresolvable(
          owner.raw() + " is " + user.path("state").asText("not active") + " and cannot approve");
    }
    return Resolution.of(Set.of(user.path("username").asText().toLowerCase(Locale.ROOT)));
  }

  private Resolution group(Owner owner) {
    try {
      List<JsonNode> members =
          http.getAll(
              "/groups/" + GitLabHttp.segment(owner.name()) + "/members",
              "the direct members of group " + owner.raw());
      return Resolution.of(activeUsernames(members, null));
    } catch (GitLabHttp.NotFound e) {
      return Resolution.unresolvable(
          "group " + owner.raw() + " does not exist or the token cannot see it");
    }
  }

  private static Resolution role(Owner owner, List<JsonNode> members) {
    Integer level = ROLE_LEVELS.get(owner.name());
    if (level == null) {
      return Resolution.unresolvable(owner.raw() + " is not a role GitLab knows");
    }
    return Resolution.of(activeUsernames(members, level));
  }

  private Resolution email(Owner owner) {
    List<JsonNode> candidates =
        http.getAll("/users?search=" + GitLabHttp.query(owner.name()), "users with " + owner.raw());
    Set<String> matching = new TreeSet<>();
    for (JsonNode candidate : candidates.subList(0, Math.min(5, candidates.size()))) {
      // Search also matches names; only the user whose public e-mail this is stands for it.
      JsonNode user = http.get("/users/" + candidate.path("id").asLong(), "a user record").body();
      if (owner.name().equalsIgnoreCase(user.path("public_email").asText(""))
          && "active".equals(user.path("state").asText())
          && !user.path("bot").asBoolean(false)) {
        matching.add(user.path("username").asText().toLowerCase(Locale.ROOT));
      }
    }
    if (matching.size() != 1) {
      return Resolution.unresolvable(
          "no GitLab user shows "
              + owner.raw()
              + " as public e-mail, so merge-gate cannot tell who it is; use @username instead");
    }
    return Resolution.of(matching);
  }

  private static Set<String> activeUsernames(List<JsonNode> members, Integer exactLevel) {
    Set<String> out = new TreeSet<>();
    for (JsonNode m : members) {
      if ("active".equals(m.path("state").asText())
          && (exactLevel == null || m.path("access_level").asInt() == exactLevel)) {
        out.add(m.path("username").asText().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  private static Resolution withoutBots(Resolution r, Set<String> bots) {
    if (!r.resolved() || bots.isEmpty()) {
      return r;
    }
    Set<String> kept = new TreeSet<>(r.usernames());
    kept.removeAll(bots);
    return Resolution.of(kept);
  }
}
