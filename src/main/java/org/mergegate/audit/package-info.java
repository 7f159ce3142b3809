/**
 * The chain of custody of a branch ({@code merge-gate audit}): how each first-parent commit got
 * there, who approved it and what was bypassed. This package holds the model every output format
 * renders; each commit is judged by the same code path as {@code deploy}, never a second one.
 */
package org.mergegate.audit;
