package org.mergegate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.mergegate.codeowners.CodeOwners;
import org.mergegate.codeowners.CodeOwnersProblem;
import org.mergegate.local.LocalFile;

/** A CODEOWNERS file named on the command line, read from disk and parsed. */
record CodeOwnersFile(Path path, CodeOwners codeOwners) {
  static CodeOwnersFile read(Path path) {
    return new CodeOwnersFile(
        path, CodeOwners.parse(LocalFile.readText(path, "CODEOWNERS file " + path)));
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
