package org.mergegate.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The final outcome of a sync, as {@code deploy} prints it and writes it into {@code deploy.json}
 * (Jackson serialises this record as it is).
 *
 * @param id blunderbuss's id for the sync
 * @param sha the commit that was synced
 * @param state the final state of the whole sync
 * @param statusUrl where a person can look the sync up again
 * @param alreadySynced true when blunderbuss had synced this sha before and did nothing new
 * @param targets per target, in the order they were requested
 */
public record SyncResult(
    String id,
    String sha,
    SyncState state,
    String statusUrl,
    boolean alreadySynced,
    Map<String, Target> targets) {

  /**
   * One target's outcome.
   *
   * @param state where this target stands
   * @param location where the tree now lives, e.g. {@code s3://airflow-dags/releases/<sha>/}; may
   *     be null
   * @param message blunderbuss's own words about this target; may be null
   */
  public record Target(SyncState state, String location, String message) {}

  public SyncResult {
    targets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets));
  }

  /** One line for the job log, e.g. {@code synced 1a2b3c4 to ceph: s3://…; hdfs: hdfs://…}. */
  public String summary() {
    StringJoiner places = new StringJoiner("; ");
    targets.forEach(
        (name, target) ->
            places.add(
                name + ": " + (target.location() == null ? "(no location)" : target.location())));
    String line = "synced " + sha.substring(0, Math.min(7, sha.length())) + " to " + places;
    return alreadySynced ? line + " (already synced before, blunderbuss sync " + id + ")" : line;
  }
}
