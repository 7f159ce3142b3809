package org.mergegate.deploy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mergegate.breakglass.BreakGlassVerifier;

/**
 * The mark {@code deploy} leaves on a commit it has synced: a commit comment written by the gate's
 * own token. The next deploy verifies every first-parent commit after the newest marked one, so a
 * mark is trusted only when GitLab says the gate's token user wrote it and its whole body is
 * exactly what {@link #render} gives for that commit (parse, re-render, compare): anyone who can
 * comment can type a look-alike, and a GitLab deployment record would not do either, since on
 * GitLab Free any developer's job can create one for any commit.
 *
 * <p>The body holds nothing from outside the gate: the sha, the targets (checked by {@link
 * SyncRequest}) and the time.
 */
public final class DeployMark {
  static final String MARKER = "merge-gate:deployed:v1";
  private static final Pattern RECORD =
      Pattern.compile(
          "<!-- "
              + Pattern.quote(MARKER)
              + " sha=([0-9a-f]{40}) at=([0-9TZ:.-]{20,35}) targets=([a-z][a-z0-9_-]*(?:,[a-z][a-z0-9_-]*)*) -->");
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private DeployMark() {}

  /**
   * What one mark records.
   *
   * @param sha the commit synced (40 hex digits)
   * @param at when the sync finished
   * @param targets where it was synced
   */
  public record Mark(String sha, Instant at, List<String> targets) {
    public Mark {
      targets = List.copyOf(targets);
    }
  }

  /** The comment text for a mark. */
  public static String render(Mark m) {
    return ":rocket: **merge-gate deployed this commit** to "
        + String.join(", ", m.targets())
        + " at "
        + UTC.format(m.at())
        + ".\n\n"
        + "The next deploy verifies every commit that reaches the default branch after this one.\n\n"
        + "<!-- "
        + MARKER
        + " sha="
        + m.sha()
        + " at="
        + m.at()
        + " targets="
        + String.join(",", m.targets())
        + " -->";
  }

  /** The mark a body carries, only when the whole body is exactly its rendering. */
  public static Optional<Mark> parse(String body) {
    if (body == null) {
      return Optional.empty();
    }
    Matcher m = RECORD.matcher(body);
    if (!m.find()) {
      return Optional.empty();
    }
    Mark mark;
    try {
      mark = new Mark(m.group(1), Instant.parse(m.group(2)), List.of(m.group(3).split(",")));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    return render(mark).equals(body) ? Optional.of(mark) : Optional.empty();
  }

  /** Whether any of a commit's comments is a mark for {@code sha} written by {@code gateUser}. */
  public static boolean marks(List<BreakGlassVerifier.Note> comments, String gateUser, String sha) {
    return comments.stream()
        .filter(c -> same(c.author(), gateUser))
        .map(c -> parse(c.body()))
        .flatMap(Optional::stream)
        .anyMatch(mark -> mark.sha().equalsIgnoreCase(sha));
  }

  private static boolean same(String a, String b) {
    return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
  }
}
