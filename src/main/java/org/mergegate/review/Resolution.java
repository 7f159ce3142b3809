package org.mergegate.review;

import java.util.Set;

/**
 * Who an owner reference stands for.
 *
 * @param usernames the eligible users (active, not bots), lower-case; empty when none
 * @param problem why the owner could not be resolved (unknown user, group not found, e-mail not
 *     visible), or {@code null} when it was resolved
 */
public record Resolution(Set<String> usernames, String problem) {
  public Resolution {
    usernames = Set.copyOf(usernames);
  }

  public static Resolution of(Set<String> usernames) {
    return new Resolution(usernames, null);
  }

  public static Resolution unresolvable(String problem) {
    return new Resolution(Set.of(), problem);
  }

  public boolean resolved() {
    return problem == null;
  }
}
