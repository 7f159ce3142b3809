package org.mergegate.local;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.mergegate.codeowners.Owner;
import org.mergegate.exit.GateException;
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
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    try {
      File file = text.isBlank() ? new File() : yaml.readValue(text, File.class);
      return new Members(file == null ? new File() : file);
    } catch (UnrecognizedPropertyException e) {
      int line = keyLine(text, e.getPropertyName(), e.getLocation().getLineNr());
      throw GateException.config(
          path
              + ":"
              + line
              + ": unknown key '"
              + e.getPropertyName()
              + "' (expected one of: groups, roles, emails, bots, blocked)");
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      throw GateException.config(
          path
              + ":"
              + line
              + ": "
              + e.getOriginalMessage().lines().findFirst().orElse("invalid YAML"));
    }
  }

  /** Jackson reports where the value starts; people want the line of the key itself. */
  private static int keyLine(String text, String key, int reported) {
    List<String> lines = text.lines().toList();
    for (int i = Math.min(reported, lines.size()) - 1; i >= 0; i--) {
      if (lines.get(i).strip().startsWith(key + ":")) {
        return i + 1;
      }
    }
    return reported;
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
  static final class File {
    @JsonProperty Map<String, List<String>> groups = Map.of();
    @JsonProperty Map<String, List<String>> roles = Map.of();
    @JsonProperty Map<String, String> emails = Map.of();
    @JsonProperty List<String> bots = List.of();
    @JsonProperty List<String> blocked = List.of();
  }
}
