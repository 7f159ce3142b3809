package org.mergegate.gitlab;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.mergegate.codeowners.Owner;
import org.mergegate.review.OwnerResolutions;

/**
 * Who may break glass: the entries of {@code break_glass.allowed}, resolved against GitLab the way
 * CODEOWNERS owners are ({@link GroupsAndUsers}: groups through their direct members,
 * {@code @@role} through the project's direct members with that role). A bare {@code @name} is a
 * user or, as in GitLab, a top-level group of that path. An entry that does not resolve permits
 * nobody.
 *
 * <p>Membership is looked up once, on the first question that a plain username does not answer.
 */
public final class BreakGlassPermission implements Predicate<String> {
  private final GitLabHttp http;
  private final String project;
  private final List<String> allowed;
  private final List<Owner> owners = new ArrayList<>();
  private Set<String> members;

  /**
   * @param allowed {@code break_glass.allowed} of the policy that applies
   */
  public BreakGlassPermission(GitLabHttp http, String project, List<String> allowed) {
    this.http = http;
    this.project = project;
    this.allowed = List.copyOf(allowed);
    for (String reference : allowed) {
      Owner.parse(reference).ifPresent(owners::add);
    }
  }

  @Override
  public boolean test(String username) {
    if (username == null || username.isBlank()) {
      return false;
    }
    String user = username.toLowerCase(Locale.ROOT);
    boolean named =
        owners.stream().anyMatch(o -> o.kind() == Owner.Kind.USER && o.name().equals(user));
    return named || members().contains(user);
  }

  /** The allow-list as the policy writes it, for messages. */
  public String describe() {
    return allowed.isEmpty() ? "nobody" : String.join(", ", allowed);
  }

  private synchronized Set<String> members() {
    if (members == null) {
      Set<Owner> toResolve = new LinkedHashSet<>();
      for (Owner o : owners) {
        // A bare @name that is not the user asking may still be a top-level group.
        toResolve.add(
            o.kind() == Owner.Kind.USER ? new Owner(Owner.Kind.GROUP, o.name(), o.raw()) : o);
      }
      OwnerResolutions resolved =
          toResolve.isEmpty()
              ? new OwnerResolutions(java.util.Map.of())
              : new GroupsAndUsers(http, project).resolve(toResolve, List.of());
      Set<String> all = new LinkedHashSet<>();
      toResolve.forEach(o -> all.addAll(resolved.of(o).usernames()));
      members = all;
    }
    return members;
  }
}
