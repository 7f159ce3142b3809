package org.mergegate.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.mergegate.codeowners.Owner;
import org.mergegate.review.OwnerResolutions;
import org.mergegate.review.Resolution;

/**
 * Test helper: who owners resolve to. A user owner resolves to itself unless said otherwise, as an
 * adapter would resolve an existing active user; groups, roles and e-mails must be declared.
 */
final class Members {
  private final Map<Owner, Resolution> declared = new HashMap<>();

  static Members users() {
    return new Members();
  }

  Members group(String path, String... usernames) {
    declared.put(new Owner(Owner.Kind.GROUP, path, "@" + path), Resolution.of(Set.of(usernames)));
    return this;
  }

  /** A name without a slash: GitLab checks users and groups, the parser reports it as a user. */
  Members topLevelGroup(String name, String... usernames) {
    declared.put(new Owner(Owner.Kind.USER, name, "@" + name), Resolution.of(Set.of(usernames)));
    return this;
  }

  Members role(String role, String... usernames) {
    declared.put(new Owner(Owner.Kind.ROLE, role, "@@" + role), Resolution.of(Set.of(usernames)));
    return this;
  }

  Members email(String address, String username) {
    declared.put(new Owner(Owner.Kind.EMAIL, address, address), Resolution.of(Set.of(username)));
    return this;
  }

  Members unresolvable(Owner.Kind kind, String name, String problem) {
    declared.put(new Owner(kind, name, name), Resolution.unresolvable(problem));
    return this;
  }

  /** Resolves exactly the owners asked for, as an adapter does with ownersToResolve. */
  OwnerResolutions resolve(Set<Owner> asked) {
    Map<Owner, Resolution> resolved = new HashMap<>();
    for (Owner owner : asked) {
      Resolution r = declared.get(owner);
      if (r == null && owner.kind() == Owner.Kind.USER) {
        r = Resolution.of(Set.of(owner.name()));
      }
      if (r != null) {
        resolved.put(owner, r);
      }
    }
    return new OwnerResolutions(resolved);
  }
}
