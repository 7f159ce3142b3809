package org.mergegate.codeowners;

import java.util.List;

/**
 * One pattern line of a section.
 *
 * @param pattern the pattern as written (escapes resolved, without a leading {@code !})
 * @param owners the owners that apply: those on the line, or the section's default owners when the
 *     line names none
 * @param line 1-based line number in the file
 * @param exclusion true for {@code !pattern}: a matching path drops out of this section only
 */
public record Entry(String pattern, List<Owner> owners, int line, boolean exclusion) {
  public Entry {
    owners = List.copyOf(owners);
  }
}
