package org.mergegate.deploy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Where a sync, or one target of it, stands. */
public enum SyncState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED;

  /** True once the state can no longer change. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED;
  }

  /** The lower-case name used on the wire and in {@code deploy.json}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state with this wire name, or empty for anything else (never guessed). */
  public static Optional<SyncState> fromWire(String text) {
    for (SyncState state : values()) {
      if (state.wireName().equals(text)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
