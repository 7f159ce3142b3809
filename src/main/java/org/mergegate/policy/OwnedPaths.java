package org.mergegate.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mergegate.codeowners.CodeOwners;
import org.mergegate.codeowners.Entry;
import org.mergegate.codeowners.Owner;
import org.mergegate.codeowners.Section;
import org.mergegate.codeowners.SectionMatch;
import org.mergegate.review.ChangedPath;

/**
 * The changed paths grouped by section and then by winning entry: GitLab creates one approval rule
 * per matched entry, so that is the unit a verdict checks. Each path is matched once and filed with
 * hash maps, so the work grows with paths times matching sections, never paths times entries.
 */
final class OwnedPaths {
  /**
   * One section that owns at least one changed path.
   *
   * @param section the section
   * @param entries its winning entries, in line order
   */
  record SectionPaths(Section section, List<EntryPaths> entries) {}

  /**
   * One winning entry and the changed paths it wins.
   *
   * @param entry the entry
   * @param approvalsRequired what GitLab requires for it (the {@code [N]} of its header)
   * @param paths the changed paths whose winning entry in this section is this one, sorted
   */
  record EntryPaths(Entry entry, int approvalsRequired, List<String> paths) {}

  private OwnedPaths() {}

  /** Every distinct path a change touches: both sides of a rename, the old path of a deletion. */
  static Set<String> touched(List<ChangedPath> changes) {
    Set<String> paths = new LinkedHashSet<>();
    for (ChangedPath change : changes) {
      if (change == null) {
        continue;
      }
      if (change.oldPath() != null) {
        paths.add(change.oldPath());
      }
      if (change.newPath() != null) {
        paths.add(change.newPath());
      }
    }
    return paths;
  }

  /** Sections that own any of {@code paths}, in the file's section order. */
  static List<SectionPaths> group(CodeOwners codeOwners, Set<String> paths) {
    // Keyed by name: sections are unique by name (duplicate headers are merged), and hashing a
    // name is cheap where hashing a whole Section record would walk all its entries.
    Map<String, Map<Entry, Filed>> bySection = new HashMap<>();
    for (String path : paths) {
      for (SectionMatch match : codeOwners.match(path)) {
        if (match.entry().exclusion()) {
          continue; // an exclusion takes the path out of its section; it never owns anything
        }
        bySection
            .computeIfAbsent(match.section().name(), k -> new HashMap<>())
            .computeIfAbsent(
                match.entry(),
                e -> new Filed(codeOwners.approvalsRequired(match), new ArrayList<>()))
            .paths()
            .add(path);
      }
    }
    List<SectionPaths> sections = new ArrayList<>();
    for (Section section : codeOwners.sections()) {
      Map<Entry, Filed> entries = bySection.get(section.name());
      if (entries == null) {
        continue;
      }
      List<EntryPaths> filed = new ArrayList<>();
      entries.forEach(
          (entry, f) -> {
            List<String> sorted = new ArrayList<>(f.paths());
            sorted.sort(Comparator.naturalOrder());
            filed.add(new EntryPaths(entry, Math.max(1, f.approvalsRequired()), sorted));
          });
      filed.sort(Comparator.comparingInt((EntryPaths e) -> e.entry().line()));
      sections.add(new SectionPaths(section, filed));
    }
    return sections;
  }

  /** The owners named by the winning entries: exactly what must be resolved, nothing more. */
  static Set<Owner> owners(List<SectionPaths> sections) {
    Set<Owner> owners = new LinkedHashSet<>();
    for (SectionPaths section : sections) {
      for (EntryPaths entry : section.entries()) {
        owners.addAll(entry.entry().owners());
      }
    }
    return owners;
  }

  private record Filed(int approvalsRequired, List<String> paths) {}
}
