package org.mergegate.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.mergegate.codeowners.Owner;
import org.mergegate.exit.GateException;
import org.mergegate.policy.YamlNode;
import org.mergegate.policy.YamlReader;
import org.mergegate.review.OwnerResolutions;
import org.mergegate.review.OwnerResolver;
import org.mergegate.review.Resolution;

/**
 * Group and role membership written down for {@code explain --members FILE}, standing in for what
 * {@code check} asks GitLab:
 *
 * <pre>
 * groups:                       # full group path: its direct members
 *   data-platform/platform-eng: [carol, dave]
 * roles:                        # direct project members with exactly that role
 *   maintainer: [erin]
 * emails:                       # e-mail owners: the user with that address
 *   frank@example.org: frank
 * bots: [renovate-bot]          # never count as approvers or owners
 * blocked: [mallory]            # blocked users never count either
 * </pre>
 */
public final class Members implements OwnerResolver {
  private final Map<String, Set<String>> groups;
  private final Map<String, Set<String>> roles;
  private final Map<String, String> emails;
  private final Set<String> bots;
  private final Set<String> blocked;

  private Members(File file) {
    this.groups = lowerKeysAndValues(file.groups);
    this.roles = lowerKeysAndValues(file.roles);
    this.emails = new HashMap<>();
    file.emails.forEach((k, v) -> emails.put(lower(k), lower(v)));
    this.bots = file.bots.stream().map(Members::lower).collect(Collectors.toSet());
    this.blocked = file.blocked.stream().map(Members::lower).collect(Collectors.toSet());
  }

  /** No membership known: user owners resolve to themselves, groups and roles do not resolve. */
  public static Members none() {
    return new Members(new File());
  }

  /** Reads a members file; a malformed one is a usage error naming the line. */
  public static Members read(Path path) {
    String text = LocalFile.readText(path, "members file " + path);
    YamlReader.Result yaml = YamlReader.read(text, "the members file");
    if (!yaml.problems().isEmpty()) {
      throw problem(path, yaml.problems().get(0).line(), yaml.problems().get(0).message());
    }
    File file = new File();
    if (yaml.root() == null || isNull(yaml.root())) {
      return new Members(file);
    }
    if (!(yaml.root() instanceof YamlNode.Mapping top)) {
      throw problem(
          path,
          yaml.root().line(),
          "expected a map with groups, roles, emails, bots or blocked, not "
              + yaml.root().describe());
    }
    for (YamlNode.Field field : top.fields()) {
      switch (field.key()) {
        case "groups" -> file.groups = lists(path, field);
        case "roles" -> file.roles = lists(path, field);
        case "emails" -> file.emails = names(path, field);
        case "bots" -> file.bots = list(path, field.key(), field.value());
        case "blocked" -> file.blocked = list(path, field.key(), field.value());
        default ->
            throw problem(
                path,
                field.line(),
                "unknown key '"
                    + field.key()
                    + "' (expected one of: groups, roles, emails, bots, blocked)");
      }
    }
    return new Members(file);
  }

  private static GateException problem(Path path, int line, String message) {
    return GateException.config(path + ":" + line + ": " + message);
  }

  /** {@code name: [user, ...]} for each name. */
  private static Map<String, List<String>> lists(Path path, YamlNode.Field field) {
    Map<String, List<String>> out = new HashMap<>();
    for (YamlNode.Field entry : mapping(path, field).fields()) {
      out.put(entry.key(), list(path, field.key() + ": " + entry.key(), entry.value()));
    }
    return out;
  }

  /** {@code address: user} for each address. */
  private static Map<String, String> names(Path path, YamlNode.Field field) {
    Map<String, String> out = new HashMap<>();
    for (YamlNode.Field entry : mapping(path, field).fields()) {
      out.put(entry.key(), name(path, field.key() + ": " + entry.key(), entry.value()));
    }
    return out;
  }

  private static YamlNode.Mapping mapping(Path path, YamlNode.Field field) {
    if (isNull(field.value())) {
      return new YamlNode.Mapping(field.line(), List.of());
    }
    if (field.value() instanceof YamlNode.Mapping m) {
      return m;
    }
    throw problem(
        path,
        field.value().line(),
        "'" + field.key() + "' must be a map, not " + field.value().describe());
  }

  private static List<String> list(Path path, String key, YamlNode value) {
    if (isNull(value)) {
      return List.of();
    }
    if (!(value instanceof YamlNode.Sequence seq)) {
      throw problem(
          path, value.line(), "'" + key + "' must be a list of usernames, not " + value.describe());
    }
    List<String> out = new ArrayList<>();
    for (YamlNode item : seq.items()) {
      out.add(name(path, key, item));
    }
    return out;
  }

  private static String name(Path path, String key, YamlNode value) {
    if (value instanceof YamlNode.Scalar scalar && scalar.value() != null) {
      return scalar.text();
    }
    throw problem(
        path, value.line(), "'" + key + "' must name users by username, not " + value.describe());
  }

  private static boolean isNull(YamlNode node) {
    return node instanceof YamlNode.Scalar scalar && scalar.value() == null;
  }

  public boolean isBot(String username) {
    return bots.contains(lower(username));
  }

  public boolean isBlocked(String username) {
    return blocked.contains(lower(username));
  }

  /** Resolves each owner the way {@code check} would against GitLab. */
  @Override
  public OwnerResolutions resolve(Set<Owner> owners) {
    Map<Owner, Resolution> byOwner = new HashMap<>();
    for (Owner owner : owners) {
      byOwner.put(owner, resolve(owner));
    }
    return new OwnerResolutions(byOwner);
  }

  private Resolution resolve(Owner owner) {
    return switch (owner.kind()) {
      // A bare @name is a user or a top-level group; GitLab checks both, so does this.
      case USER ->
          groups.containsKey(owner.name())
              ? eligible(groups.get(owner.name()))
              : eligible(Set.of(owner.name()));
      case GROUP -> lookup(groups, owner, "group");
      case ROLE -> lookup(roles, owner, "role");
      case EMAIL ->
          emails.containsKey(owner.name())
              ? eligible(Set.of(emails.get(owner.name())))
              : Resolution.unresolvable(
                  owner.raw() + " matches no user (list it under 'emails:' in the members file)");
    };
  }

  private Resolution lookup(Map<String, Set<String>> table, Owner owner, String kind) {
    Set<String> members = table.get(owner.name());
    if (members == null) {
      return Resolution.unresolvable(
          kind
              + " "
              + owner.raw()
              + " is unknown offline (list it under '"
              + kind
              + "s:' in a --members file)");
    }
    return eligible(members);
  }

  private Resolution eligible(Set<String> users) {
    Set<String> result = new HashSet<>(users);
    result.removeIf(u -> bots.contains(u) || blocked.contains(u));
    return Resolution.of(result);
  }

  private static Map<String, Set<String>> lowerKeysAndValues(Map<String, List<String>> in) {
    Map<String, Set<String>> out = new HashMap<>();
    in.forEach(
        (k, v) ->
            out.put(
                lower(k.startsWith("@") ? k.substring(1) : k),
                v.stream().map(Members::lower).collect(Collectors.toSet())));
    return out;
  }

  private static String lower(String s) {
    String t = s.startsWith("@") ? s.substring(1) : s;
    return t.toLowerCase(Locale.ROOT);
  }

  /** The file's shape; unknown keys are rejected. */
  private static final class File {
    Map<String, List<String>> groups = Map.of();
    Map<String, List<String>> roles = Map.of();
    Map<String, String> emails = Map.of();
    List<String> bots = List.of();
    List<String> blocked = List.of();
  }
}
