package org.mergegate.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mergegate.breakglass.BreakGlassNote;
import org.mergegate.breakglass.BreakGlassRecord;
import org.mergegate.http.Json;
import org.mergegate.policy.RuleResult;
import org.mergegate.policy.RuleResult.EntryResult;
import org.mergegate.policy.Verdict;

/**
 * {@code merge-gate.json}: the full verdict for machines (dashboards, bots, {@code jq}).
 *
 * <p>Field names are written out here one by one rather than derived from the record components, so
 * renaming a Java field can never silently change the file. Schema version 1; a field is only ever
 * added within a version, and removing or changing one bumps {@code schema_version}:
 *
 * <pre>
 * {
 *   "schema_version": 1,
 *   "tool": "merge-gate",
 *   "satisfied": false,            // every non-optional rule is met
 *   "author": "alice",             // MR author's username (no @), null if unknown
 *   "head_sha": "1a2b3c4d...",     // the commit the verdict is for
 *   "changed_paths": 12,           // number of distinct changed paths
 *   "rules": [{                    // the approvals rule first, then sections in CODEOWNERS order
 *     "kind": "approvals",         // "approvals" | "codeowners" | "requested_changes"
 *     "name": "approvals",         // "approvals", the section name, or "requested changes"
 *     "met": false,
 *     "optional": false,           // optional sections never block
 *     "required": 2,               // approvals needed (per entry, for a section)
 *     "approved_by": ["bob"],      // usernames that counted, sorted
 *     "missing": 1,                // approvals still needed (summed over entries)
 *     "eligible": ["carol"],       // usernames who could still approve, sorted
 *     "summary": "needs 1 more approval from @carol",
 *     "entries": [{                // matched CODEOWNERS entries; [] for "approvals"
 *       "pattern": "/src/api/",    // as written
 *       "line": 4,                 // line in CODEOWNERS
 *       "owners": ["@backend"],    // as written
 *       "paths": ["src/api/A.java"], // changed paths this entry wins, sorted
 *       "approved_by": [], "missing": 1, "eligible": ["carol"],
 *       "problems": []             // owners that could not be resolved, and why
 *     }],
 *     "requested_changes": [{      // for "requested_changes" only ([] otherwise): one per
 *       "username": "carol",       // reviewer who requested changes, standing or lifted
 *       "requested_at": "2024-05-03T14:02:00Z", // null when GitLab's notes do not say
 *       "standing": true,          // it blocks until...
 *       "lifted_only_by": "carol", // ...this user (always the requester) approves
 *       "still_reviewer": false    // removing the reviewer does not lift it
 *     }]
 *   }],
 *   "ignored": [{"username": "alice", "reason": "is the author"}],
 *   "break_glass": null            // or the record a failing check passed by: {"sha", "user",
 *                                  // "reason", "at", "job_url", "merge_request"}
 * }
 * </pre>
 */
public final class JsonReport {
  /** The file name inside the report directory. */
  public static final String FILE_NAME = "merge-gate.json";

  /** Bumped whenever a field is removed or changes meaning. */
  public static final int SCHEMA_VERSION = 1;

  private JsonReport() {}

  /** The verdict as pretty-printed JSON, ending with a newline. */
  public static String render(Verdict verdict) {
    return render(verdict, Optional.empty());
  }

  /**
   * The verdict and, when a failing check passed by break-glass, the record it passed by: a machine
   * reading the file must not mistake that pass for a review.
   */
  public static String render(Verdict verdict, Optional<BreakGlassRecord> breakGlass) {
    ObjectNode root = toJson(verdict);
    if (breakGlass.isPresent()) {
      try {
        root.set("break_glass", Json.read(BreakGlassNote.toJson(breakGlass.get())));
      } catch (IOException e) {
        // The record's own JSON always parses; reaching here is a bug, not bad input.
        throw new IllegalStateException("could not embed the break-glass record", e);
      }
    } else {
      root.putNull("break_glass");
    }
    return Json.pretty(root) + "\n";
  }

  /**
   * Writes {@value #FILE_NAME} into {@code dir}, creating the directory.
   *
   * @throws IOException whose message names the file and the reason, when it cannot be written
   */
  public static void write(Verdict verdict, Path dir) throws IOException {
    ReportFiles.write(dir, FILE_NAME, render(verdict));
  }

  static ObjectNode toJson(Verdict verdict) {
    ObjectNode root = Json.object();
    root.put("schema_version", SCHEMA_VERSION);
    root.put("tool", "merge-gate");
    root.put("satisfied", verdict.satisfied());
    root.put("author", encodable(verdict.author()));
    root.put("head_sha", encodable(verdict.headSha()));
    root.put("changed_paths", verdict.changedPaths());
    ArrayNode rules = root.putArray("rules");
    verdict.rules().forEach(rule -> rules.add(rule(rule)));
    ArrayNode ignored = root.putArray("ignored");
    for (Verdict.IgnoredApproval approval : verdict.ignored()) {
      ObjectNode node = ignored.addObject();
      node.put("username", encodable(approval.username()));
      node.put("reason", encodable(approval.reason()));
    }
    return root;
  }

  private static ObjectNode rule(RuleResult rule) {
    ObjectNode node = Json.object();
    node.put("kind", rule.kind() == null ? null : rule.kind().name().toLowerCase(Locale.ROOT));
    node.put("name", encodable(rule.name()));
    node.put("met", rule.met());
    node.put("optional", rule.optional());
    node.put("required", rule.required());
    strings(node.putArray("approved_by"), rule.approvedBy());
    node.put("missing", rule.missing());
    strings(node.putArray("eligible"), rule.eligible());
    node.put("summary", encodable(rule.summary()));
    ArrayNode entries = node.putArray("entries");
    for (EntryResult entry : rule.entries()) {
      ObjectNode e = entries.addObject();
      e.put("pattern", encodable(entry.pattern()));
      e.put("line", entry.line());
      strings(e.putArray("owners"), entry.owners());
      strings(e.putArray("paths"), entry.paths());
      strings(e.putArray("approved_by"), entry.approvedBy());
      e.put("missing", entry.missing());
      strings(e.putArray("eligible"), entry.eligible());
      strings(e.putArray("problems"), entry.problems());
    }
    ArrayNode requests = node.putArray("requested_changes");
    for (RuleResult.ChangeRequest request : rule.changeRequests()) {
      ObjectNode r = requests.addObject();
      r.put("username", encodable(request.username()));
      r.put(
          "requested_at", request.requestedAt() == null ? null : request.requestedAt().toString());
      r.put("standing", request.standing());
      r.put("lifted_only_by", encodable(request.username()));
      r.put("still_reviewer", request.stillReviewer());
    }
    return node;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(v -> array.add(encodable(v)));
  }

  /**
   * The string with any unpaired surrogate replaced by U+FFFD: it has no UTF-8 encoding, and one
   * odd path must not stop the whole report from being written. Everything else stays as is; JSON
   * escapes control characters itself.
   */
  static String encodable(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      boolean lone = Character.getType(cp) == Character.SURROGATE;
      if (lone && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        out.appendCodePoint(lone ? 0xFFFD : cp);
      }
      i += Character.charCount(cp);
    }
    return out == null ? s : out.toString();
  }
}
