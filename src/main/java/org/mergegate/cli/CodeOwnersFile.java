package org.mergegate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mergegate.codeowners.CodeOwners;
import org.mergegate.codeowners.CodeOwnersProblem;
import org.mergegate.exit.GateException;
import org.mergegate.review.Utf8;

/** A CODEOWNERS file named on the command line, read from disk and parsed. */
record CodeOwnersFile(Path path, CodeOwners codeOwners) {
  static CodeOwnersFile read(Path path) {
    try {
      if (!Files.isRegularFile(path)) {
        throw GateException.config("CODEOWNERS file " + path + " does not exist");
      }
      if (Files.size(path) > Utf8.MAX_BYTES) {
        throw GateException.config(
            path + " is over the 10 MiB limit: is it really a CODEOWNERS file?");
      }
      return new CodeOwnersFile(
          path, CodeOwners.parse(Utf8.decode(Files.readAllBytes(path), path.toString())));
    } catch (IOException e) {
      throw GateException.config("cannot read " + path + ": " + e.getMessage());
    }
  }

  /** Prints {@code file:line: message} per problem; true when there were any. */
  boolean reportProblems(PrintWriter err) {
    for (CodeOwnersProblem p : codeOwners.problems()) {
      err.println(path + ":" + p.line() + ": " + p.message());
    }
    if (!codeOwners.problems().isEmpty()) {
      err.println(
          "merge-gate: "
              + path
              + " has "
              + codeOwners.problems().size()
              + " malformed line(s) that GitLab would ignore: fix them ('merge-gate validate' lists them)");
      return true;
    }
    return false;
  }
}
