/**
 * GitLab's CODEOWNERS file, read exactly as GitLab reads it: sections, approval counts, optional
 * sections, default owners, exclusions, and fnmatch-style patterns. No I/O: callers hand in the
 * text.
 */
package org.mergegate.codeowners;
