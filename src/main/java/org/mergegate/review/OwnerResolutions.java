package org.mergegate.review;

import java.util.Map;
import org.mergegate.codeowners.Owner;

/**
 * The resolved membership of every owner that the matched CODEOWNERS entries name. Adapters fetch
 * these up front (concurrently, in the GitLab case) so that evaluation stays pure.
 */
public record OwnerResolutions(Map<Owner, Resolution> byOwner) {
  public OwnerResolutions {
    byOwner = Map.copyOf(byOwner);
  }

  /** An owner nobody looked up is unresolvable: the gate fails closed rather than guess. */
  public Resolution of(Owner owner) {
    Resolution r = byOwner.get(owner);
    return r != null ? r : Resolution.unresolvable(owner.raw() + " was not looked up");
  }
}
