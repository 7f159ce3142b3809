package org.mergegate.codeowners;

import java.util.List;

/**
 * A CODEOWNERS section. Entries before any header belong to the implicit section {@code
 * codeowners}. Headers repeated with different case are merged into the first spelling.
 *
 * @param name the section name as first spelled
 * @param approvalsRequired {@code [N]} on the header, else 1
 * @param optional header written {@code ^[Name]}: reported, never blocking
 * @param defaultOwners owners written after the header
 * @param entries pattern lines in file order
 * @param line 1-based line of the (first) header, 0 for the implicit section
 */
public record Section(
    String name,
    int approvalsRequired,
    boolean optional,
    List<Owner> defaultOwners,
    List<Entry> entries,
    int line) {
  public static final String IMPLICIT = "codeowners";

  public Section {
    defaultOwners = List.copyOf(defaultOwners);
    entries = List.copyOf(entries);
  }
}
