package org.mergegate.codeowners;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, for one path, the winning entry of every section, with GitLab's semantics: within a
 * section the last matching entry (in the section's pattern table) wins, and the section drops the
 * path altogether if any matching entry is an exclusion, wherever it stands.
 *
 * <p>Trying every pattern on every path costs entries x paths fnmatch calls. Instead each pattern
 * is filed under a cheap necessary condition, and only the patterns filed under something the path
 * has are run through fnmatch:
 *
 * <ul>
 *   <li>a pattern with a fully literal segment (say {@code docs} in {@code /docs/**}{@code /*.md})
 *       can only match a path with a segment equal to it: filed under that segment;
 *   <li>otherwise a pattern whose last segment ends in a literal with a dot (say {@code *.rb} or
 *       {@code *_spec.rb}) can only match a file name with that final extension: filed under {@code
 *       .rb};
 *   <li>the rest ({@code *}, {@code /docs*}{@code /x}, character classes, escapes) is tried on
 *       every path.
 * </ul>
 *
 * Immutable after construction; {@link #match} allocates its own scratch, so it is thread-safe.
 */
final class PathMatcher {
  private final List<Section> sections;
  private final Map<String, CompiledRule[]> bySegment;
  private final Map<String, CompiledRule[]> byExtension;
  private final CompiledRule[] always;

  private record CompiledRule(int[] pattern, int section, int rank, Entry entry) {}

  PathMatcher(List<Section> sections, List<CodeOwnersParser.Rule> rules) {
    this.sections = sections;
    Map<String, List<CompiledRule>> segments = new HashMap<>();
    Map<String, List<CompiledRule>> extensions = new HashMap<>();
    List<CompiledRule> rest = new ArrayList<>();
    for (CodeOwnersParser.Rule r : rules) {
      String normalized = r.normalizedPattern();
      int[] pattern = normalized.codePoints().toArray();
      if (!Fnmatch.canMatchAnything(pattern)) {
        continue; // an unclosed '[' matches nothing, exclusions included
      }
      CompiledRule c = new CompiledRule(pattern, r.section(), r.rank(), r.entry());
      String segment = literalSegment(normalized);
      String extension = segment == null ? extension(normalized) : null;
      if (segment != null) {
        segments.computeIfAbsent(segment, k -> new ArrayList<>()).add(c);
      } else if (extension != null) {
        extensions.computeIfAbsent(extension, k -> new ArrayList<>()).add(c);
      } else {
        rest.add(c);
      }
    }
    this.bySegment = freeze(segments);
    this.byExtension = freeze(extensions);
    this.always = rest.toArray(new CompiledRule[0]);
  }

  /** The winning entry per section, in section order. */
  List<SectionMatch> match(String path) {
    if (path == null || sections.isEmpty()) {
      return List.of();
    }
    // GitLab: path = "/#{path}" unless path.start_with?('/')
    String rooted = path.startsWith("/") ? path : "/" + path;
    int[] s = rooted.codePoints().toArray();
    int[] best = new int[sections.size()];
    Entry[] winner = new Entry[sections.size()];
    boolean[] excluded = new boolean[sections.size()];
    Arrays.fill(best, -1);

    List<String> seen = new ArrayList<>(8);
    int start = 1;
    while (start <= rooted.length()) {
      int end = rooted.indexOf('/', start);
      if (end < 0) {
        end = rooted.length();
      }
      String segment = rooted.substring(start, end);
      if (!seen.contains(segment)) {
        seen.add(segment);
        tryAll(bySegment.get(segment), s, best, winner, excluded);
      }
      if (end == rooted.length()) {
        String last = segment;
        int dot = last.lastIndexOf('.');
        if (dot >= 0) {
          tryAll(byExtension.get(last.substring(dot)), s, best, winner, excluded);
        }
      }
      start = end + 1;
    }
    tryAll(always, s, best, winner, excluded);

    List<SectionMatch> matches = new ArrayList<>();
    for (int i = 0; i < best.length; i++) {
      if (winner[i] != null && !excluded[i]) {
        matches.add(new SectionMatch(sections.get(i), winner[i]));
      }
    }
    return List.copyOf(matches);
  }

  private static void tryAll(
      CompiledRule[] rules, int[] path, int[] best, Entry[] winner, boolean[] excluded) {
    if (rules == null) {
      return;
    }
    for (CompiledRule r : rules) {
      if (excluded[r.section()] || (r.rank() <= best[r.section()] && !r.entry().exclusion())) {
        continue; // cannot change this section's outcome
      }
      if (Fnmatch.matches(r.pattern(), path)) {
        if (r.entry().exclusion()) {
          excluded[r.section()] = true;
        } else {
          best[r.section()] = r.rank();
          winner[r.section()] = r.entry();
        }
      }
    }
  }

  /**
   * The last segment of the pattern with no glob character in it, or null. Only for patterns
   * without {@code [} or {@code \}, whose segments are plainly the text between slashes.
   */
  static String literalSegment(String normalized) {
    if (normalized.indexOf('[') >= 0 || normalized.indexOf('\\') >= 0) {
      return null;
    }
    String[] segments = normalized.split("/", -1);
    for (int i = segments.length - 1; i >= 0; i--) {
      String seg = segments[i];
      if (!seg.isEmpty() && seg.indexOf('*') < 0 && seg.indexOf('?') < 0) {
        return seg;
      }
    }
    return null;
  }

  /**
   * For a last segment ending in a literal that contains a dot ({@code *.rb}, {@code *_spec.rb}),
   * the part from that literal's last dot: a matching file name must end with it.
   */
  static String extension(String normalized) {
    if (normalized.indexOf('[') >= 0 || normalized.indexOf('\\') >= 0) {
      return null;
    }
    String last = normalized.substring(normalized.lastIndexOf('/') + 1);
    int glob = Math.max(last.lastIndexOf('*'), last.lastIndexOf('?'));
    String literal = last.substring(glob + 1);
    int dot = literal.lastIndexOf('.');
    return dot < 0 ? null : literal.substring(dot);
  }

  private static Map<String, CompiledRule[]> freeze(Map<String, List<CompiledRule>> lists) {
    Map<String, CompiledRule[]> frozen = new HashMap<>();
    lists.forEach((k, v) -> frozen.put(k, v.toArray(new CompiledRule[0])));
    return frozen;
  }
}
