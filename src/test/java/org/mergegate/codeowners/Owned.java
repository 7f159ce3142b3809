package org.mergegate.codeowners;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: what a path's matches look like to a reader, section name to owners as written. */
final class Owned {
  private Owned() {}

  static Map<String, List<String>> by(CodeOwners codeOwners, String path) {
    Map<String, List<String>> owned = new LinkedHashMap<>();
    for (SectionMatch m : codeOwners.match(path)) {
      owned.put(m.section().name(), m.entry().owners().stream().map(Owner::raw).toList());
    }
    return owned;
  }

  /** The owners of the path in the only section of a file without headers, or null. */
  static List<String> implicit(CodeOwners codeOwners, String path) {
    return by(codeOwners, path).get(Section.IMPLICIT);
  }

  static CodeOwners parse(String... lines) {
    return CodeOwners.parse(String.join("\n", lines) + "\n");
  }
}
