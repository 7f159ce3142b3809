/**
 * How a run ends: the exit codes of design §1 and the exception that carries one up to the command
 * line, with the one sentence a person reads last.
 */
package org.mergegate.exit;
