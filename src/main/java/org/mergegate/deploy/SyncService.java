package org.mergegate.deploy;

/**
 * Copies one commit's tree to its deploy targets and reports the final outcome. {@code deploy}
 * depends on this interface only, so its tests can use a fake and another sync API can be adapted
 * behind it.
 */
public interface SyncService {
  /**
   * Requests the sync and waits until it has finished.
   *
   * @return the final, successful result: every requested target succeeded
   * @throws org.mergegate.exit.GateException exit 3 when the service failed, timed out or answered
   *     something unusable; exit 1 when it refused to deploy (a newer commit is already live)
   */
  SyncResult sync(SyncRequest request);
}
