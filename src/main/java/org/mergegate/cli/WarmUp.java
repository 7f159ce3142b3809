package org.mergegate.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mergegate.codeowners.Owner;
import org.mergegate.http.Json;
import org.mergegate.policy.Evaluator;
import org.mergegate.policy.PolicyFiles;
import org.mergegate.policy.Verdict;
import org.mergegate.report.ConsoleReport;
import org.mergegate.report.JsonReport;
import org.mergegate.report.JunitReport;
import org.mergegate.review.Approval;
import org.mergegate.review.ChangedPath;
import org.mergegate.review.RepositoryFiles;
import org.mergegate.review.Resolution;
import org.mergegate.review.ReviewFacts;

/**
 * While {@code check} waits for GitLab's first answers, its main thread runs the rest of the
 * pipeline once on a made-up merge request: JSON parsing, the policy's YAML, CODEOWNERS, evaluation
 * and the three reports. A JVM spends most of a short run loading and initialising classes; done
 * here, that work overlaps the network wait instead of following it. Nothing it computes is kept,
 * and a failure here changes nothing (the real run meets it again and reports it).
 */
final class WarmUp {
  private static final String POLICY = "approvals:\n  required: 1\n  reset_on_push: true\n";
  private static final String CODEOWNERS =
      "[Code][1]\n*.java @dev @group/sub\n^[Docs]\n/docs/ @x\n";

  private WarmUp() {}

  /** Runs the pipeline once on made-up input; call it while waiting for GitLab. */
  static void run() {
    try {
      Json.read(
          "{\"id\":1,\"approved_by\":[{\"user\":{\"username\":\"a\",\"bot\":false}}],\"t\":1.5}"
              .getBytes(StandardCharsets.UTF_8));
      Map<String, String> files = new HashMap<>();
      files.put(".gitlab/merge-gate.yml", POLICY);
      files.put("CODEOWNERS", CODEOWNERS);
      PolicyFiles policy =
          PolicyFiles.read(
              new RepositoryFiles() {
                @Override
                public Optional<byte[]> read(String path) {
                  return Optional.ofNullable(files.get(path))
                      .map(t -> t.getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public String describe() {
                  return "warm-up";
                }
              });
      ReviewFacts facts =
          new ReviewFacts(
              "author",
              "0".repeat(40),
              List.of(ChangedPath.modified("src/A.java"), ChangedPath.modified("docs/b.md")),
              List.of(Approval.byHuman("dev", Instant.EPOCH)),
              List.of(),
              org.mergegate.review.Reviews.none());
      Verdict verdict =
          Evaluator.evaluate(
              policy,
              facts,
              owners -> {
                Map<Owner, Resolution> byOwner = new HashMap<>();
                owners.forEach(o -> byOwner.put(o, Resolution.of(java.util.Set.of(o.name()))));
                return new org.mergegate.review.OwnerResolutions(byOwner);
              });
      ConsoleReport.plain().render(verdict);
      JsonReport.render(verdict);
      JunitReport.render(verdict);
    } catch (java.io.IOException | RuntimeException | LinkageError e) {
      // Only ever a head start; the real run does the same work and reports its own failures.
    }
  }
}
