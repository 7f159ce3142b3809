package org.mergegate.codeowners;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Owner#parse}: one reference, as break_glass.allowed writes them. */
class OwnerParseTest {
  @Test
  void readsEachKindOfReference() {
    assertThat(Owner.parse("@Sre-Sam")).contains(new Owner(Owner.Kind.USER, "sre-sam", "@Sre-Sam"));
    assertThat(Owner.parse("@acme/sre").map(Owner::kind)).contains(Owner.Kind.GROUP);
    assertThat(Owner.parse("@@maintainer"))
        .contains(new Owner(Owner.Kind.ROLE, "maintainer", "@@maintainer"));
    assertThat(Owner.parse(" sam@example.org ").map(Owner::kind)).contains(Owner.Kind.EMAIL);
  }

  @Test
  void refusesAnythingButExactlyOneReference() {
    assertThat(Owner.parse("sre-sam")).isEmpty();
    assertThat(Owner.parse("@a @b")).isEmpty();
    assertThat(Owner.parse("@@admin")).isEmpty();
    assertThat(Owner.parse("")).isEmpty();
    assertThat(Owner.parse(null)).isEmpty();
  }
}
