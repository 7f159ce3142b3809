/**
 * The local side of {@code explain}: changed paths from git, the policy as it is at a git revision
 * or in a plain directory, and group/role membership from a YAML file instead of GitLab.
 */
package org.mergegate.local;
