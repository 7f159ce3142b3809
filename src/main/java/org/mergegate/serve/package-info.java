/**
 * {@code merge-gate serve}: receives GitLab's merge request webhooks and re-runs the merge-gate
 * check job when approvals change, so an approval turns the gate green without anyone pressing
 * retry. The HTTP side ({@link org.mergegate.serve.WebhookServer}) only verifies, parses and
 * enqueues; the debounced, bounded {@link org.mergegate.serve.WorkQueue} runs {@link
 * org.mergegate.serve.RecheckAction} against GitLab's API.
 */
package org.mergegate.serve;
