package org.mergegate.review;

import java.util.Set;
import org.mergegate.codeowners.Owner;

/** Looks up who CODEOWNERS owners stand for: GitLab's members API, or a members file offline. */
@FunctionalInterface
public interface OwnerResolver {
  /**
   * Resolves every owner in {@code owners}; an owner that cannot be resolved gets an unresolvable
   * {@link Resolution} saying why. Failures of the source itself are thrown (exit 3).
   */
  OwnerResolutions resolve(Set<Owner> owners);
}
