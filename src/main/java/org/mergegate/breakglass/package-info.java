/**
 * Break-glass: the audited emergency bypass. A record names the exact commit, who broke glass, why
 * and when; it is written by the gate's own token identity, and only such a record, for the current
 * head, by a user who is permitted now, ever counts.
 */
package org.mergegate.breakglass;
