package org.mergegate.codeowners;

import java.util.Locale;

/**
 * One owner reference from a CODEOWNERS line.
 *
 * @param kind what the reference names
 * @param name the normalised key: lower-case username (no {@code @}), group full path, role ({@code
 *     developer}, {@code maintainer} or {@code owner}, singular), or e-mail address
 * @param raw the token exactly as written in the file, for display and {@code owners --json}
 */
public record Owner(Kind kind, String name, String raw) {
  /** The kinds of owner GitLab recognises. */
  public enum Kind {
    /** {@code @name}: a user, or a top-level group of that path (GitLab checks both). */
    USER,
    /** {@code @group} or {@code @group/subgroup}: the group's direct members. */
    GROUP,
    /** {@code @@developer}, {@code @@maintainer}, {@code @@owner}: direct project members. */
    ROLE,
    /** {@code someone@example.org}. */
    EMAIL
  }

  public Owner {
    name = name.toLowerCase(Locale.ROOT);
  }

  /**
   * Reads one owner reference written the way CODEOWNERS writes it ({@code @user}, {@code
   * @group/sub}, {@code @@maintainer}, an e-mail address), e.g. an entry of {@code
   * break_glass.allowed}.
   *
   * @return the owner, or empty when the text is not exactly one reference
   */
  public static java.util.Optional<Owner> parse(String reference) {
    String text = reference == null ? "" : reference.strip();
    java.util.List<Owner> found = OwnerReferences.extract(text);
    return found.size() == 1 && found.get(0).raw().equals(text)
        ? java.util.Optional.of(found.get(0))
        : java.util.Optional.empty();
  }

  /** Equality ignores how the owner was spelled: {@code @Alice} and {@code @alice} are one user. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Owner o && o.kind == kind && o.name.equals(name);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + name.hashCode();
  }
}
