package org.mergegate.breakglass;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.mergegate.review.Sha;

/**
 * Decides whether any note carries a break-glass record that counts. A record counts only when all
 * of these hold: the note's whole body is exactly what the gate renders for that record ({@link
 * BreakGlassNote#parse}, so a note of the gate's that merely quotes a marker is none), the note was
 * written by the gate's own token user (so nobody else can forge one), it names the exact commit
 * being judged (a new push voids it), and the user it names is permitted to break glass now (a
 * revoked permission voids it too).
 */
public final class BreakGlassVerifier {
  private BreakGlassVerifier() {}

  /**
   * A note or commit comment as GitLab returns it.
   *
   * @param id GitLab's note id
   * @param author the username GitLab says wrote it (not anything the body claims)
   * @param body the note text
   * @param system GitLab system notes never carry records
   */
  public record Note(long id, String author, String body, boolean system) {}

  /**
   * @param record the newest record that counts, if any
   * @param rejected why each look-alike did not count, one sentence each
   */
  public record Outcome(Optional<BreakGlassRecord> record, List<String> rejected) {
    public Outcome {
      rejected = List.copyOf(rejected);
    }
  }

  /**
   * @param notes in the order GitLab returned them; the last valid record wins
   * @param gateUser the username of the token the gate runs with ({@code GET /user})
   * @param headSha the commit being judged
   * @param permitted whether a username may break glass under the target branch's policy now
   */
  public static Outcome verify(
      List<Note> notes, String gateUser, String headSha, Predicate<String> permitted) {
    BreakGlassRecord valid = null;
    List<String> rejected = new ArrayList<>();
    for (Note note : notes) {
      Optional<BreakGlassRecord> parsed =
          note.system() ? Optional.empty() : BreakGlassNote.parse(note.body());
      if (parsed.isEmpty()) {
        continue;
      }
      BreakGlassRecord r = parsed.get();
      if (!same(note.author(), gateUser)) {
        rejected.add(
            "note "
                + note.id()
                + " by @"
                + note.author()
                + " looks like a break-glass record but was not written by the gate (@"
                + gateUser
                + "): ignored");
      } else if (!r.sha().equalsIgnoreCase(headSha)) {
        rejected.add(
            "break-glass by @"
                + r.user()
                + " covered "
                + r.shortSha()
                + ", not the current head "
                + Sha.abbreviate(headSha)
                + ": a new push voids it");
      } else if (!permitted.test(r.user())) {
        rejected.add(
            "break-glass by @"
                + r.user()
                + " no longer counts: they are not permitted to break glass now");
      } else {
        valid = r;
      }
    }
    return new Outcome(Optional.ofNullable(valid), rejected);
  }

  private static boolean same(String a, String b) {
    return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
  }
}
