/**
 * The post-merge side of merge-gate: the client that asks blunderbuss, the team's sync service, to
 * copy one verified commit to Ceph and HDFS and waits for the result. The wire format lives in
 * {@link org.mergegate.deploy.BlunderbussClient} alone, so another sync service can be adapted in
 * one place behind {@link org.mergegate.deploy.SyncService}. The contract is docs/blunderbuss.md.
 */
package org.mergegate.deploy;
