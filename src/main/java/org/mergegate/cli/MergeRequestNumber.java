package org.mergegate.cli;

import org.mergegate.exit.GateException;

/** A merge request number (IID) as people and CI variables give it. */
final class MergeRequestNumber {
  private MergeRequestNumber() {}

  /** The IID, or a usage error (exit 2) for anything that is not a positive number. */
  static long parse(String iid) {
    try {
      long number = Long.parseLong(iid.strip());
      if (number <= 0) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw GateException.config("--mr must be a merge request number like 7 (got " + iid + ")");
    }
  }
}
