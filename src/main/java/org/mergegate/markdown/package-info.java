/**
 * Writing text that came from elsewhere (paths, section names, branch names, reasons, URLs) into
 * what the gate posts to GitLab, so that it reads as the same words and can never form Markdown,
 * HTML, a mention, a reference or one of the gate's own hidden markers.
 */
package org.mergegate.markdown;
