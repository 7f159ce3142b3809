package org.mergegate.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mergegate.codeowners.CodeOwners;
import org.mergegate.codeowners.CodeOwnersProblem;
import org.mergegate.exit.GateException;
import org.mergegate.review.RepositoryFiles;
import org.mergegate.review.Utf8;

/**
 * The policy and CODEOWNERS of one revision, located the way GitLab locates them, with every
 * problem found on the way. {@code validate} lists the problems; the gate refuses to run on them.
 *
 * @param policy the policy (defaults when the file is absent; {@code null} when it is broken)
 * @param policyFound whether {@value Policy#PATH} exists (false: the defaults apply)
 * @param codeOwners the parsed CODEOWNERS, or {@code null} when the revision has none
 * @param codeOwnersPath where it was found, or {@code null}
 * @param problems {@code file:line: message} for each problem, policy first
 * @param source where the files were read from
 */
public record PolicyFiles(
    Policy policy,
    boolean policyFound,
    CodeOwners codeOwners,
    String codeOwnersPath,
    List<String> problems,
    String source) {
  public PolicyFiles {
    problems = List.copyOf(problems);
  }

  /** Reads both files; decoding failures and parse problems are collected, not thrown. */
  public static PolicyFiles read(RepositoryFiles files) {
    List<String> problems = new ArrayList<>();
    Policy policy = Policy.defaults();
    Optional<byte[]> policyBytes = files.read(Policy.PATH);
    Optional<String> policyText = policyBytes.flatMap(b -> decode(b, Policy.PATH, problems));
    if (policyText.isPresent()) {
      PolicyLoader.Result loaded = PolicyLoader.load(policyText.get());
      for (PolicyProblem p : loaded.problems()) {
        problems.add(located(Policy.PATH, p.line(), p.message()));
      }
      policy = loaded.policy();
    } else if (!problems.isEmpty()) {
      policy = null;
    }

    List<String> candidates =
        policy != null && policy.codeowners().path() != null
            ? List.of(policy.codeowners().path())
            : CodeOwners.LOCATIONS;
    CodeOwners codeOwners = null;
    String codeOwnersPath = null;
    for (String candidate : candidates) {
      Optional<byte[]> bytes = files.read(candidate);
      if (bytes.isEmpty()) {
        continue;
      }
      // The first file that exists is the CODEOWNERS, as in GitLab, even when it is unreadable.
      codeOwnersPath = candidate;
      Optional<String> text = decode(bytes.get(), candidate, problems);
      if (text.isPresent()) {
        codeOwners = CodeOwners.parse(text.get());
        for (CodeOwnersProblem p : codeOwners.problems()) {
          problems.add(located(candidate, p.line(), p.message()));
        }
      }
      break;
    }
    if (codeOwnersPath == null && policy != null && policy.codeowners().path() != null) {
      problems.add(
          Policy.PATH
              + ": codeowners.path names "
              + policy.codeowners().path()
              + ", which does not exist in "
              + files.describe());
    }
    return new PolicyFiles(
        policy, policyBytes.isPresent(), codeOwners, codeOwnersPath, problems, files.describe());
  }

  /**
   * Fails closed on any problem: a malformed line could be a rule that silently stops applying.
   *
   * @throws GateException exit 2 naming the first problem and how many there are
   */
  public PolicyFiles requireValid() {
    if (!problems.isEmpty()) {
      String more =
          problems.size() > 1
              ? ", and "
                  + (problems.size() - 1)
                  + " more problem"
                  + (problems.size() > 2 ? "s" : "")
              : "";
      throw GateException.config(
          problems.get(0)
              + " (in "
              + source
              + more
              + "): fix it there; 'merge-gate validate' lists every problem");
    }
    return this;
  }

  /** {@code file:line: message}, or {@code file: message} for a problem of the whole file. */
  static String located(String path, int line, String message) {
    return line > 0 ? path + ":" + line + ": " + message : path + ": " + message;
  }

  private static Optional<String> decode(byte[] bytes, String path, List<String> problems) {
    try {
      return Optional.of(Utf8.decode(bytes, path));
    } catch (GateException e) {
      problems.add(path + ":1: " + e.getMessage());
      return Optional.empty();
    }
  }
}
