package org.mergegate.policy.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mergegate.codeowners.CodeOwners;
import org.mergegate.codeowners.Owner;
import org.mergegate.policy.Evaluator;
import org.mergegate.policy.Policy;
import org.mergegate.policy.Verdict;
import org.mergegate.review.Approval;
import org.mergegate.review.ChangedPath;
import org.mergegate.review.OwnerResolutions;
import org.mergegate.review.Resolution;
import org.mergegate.review.ReviewFacts;
import org.mergegate.review.Reviews;

/**
 * How long evaluation takes on a large merge request: 100,000 changed paths against a 1,000-entry
 * CODEOWNERS with 20 sections. Prints figures; asserts nothing.
 *
 * <pre>
 * ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * taskset -c 0 java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     org.mergegate.policy.bench.EvaluatorBench
 * </pre>
 */
public final class EvaluatorBench {
  private static final int SECTIONS = 20;
  private static final int ENTRIES_PER_SECTION = 50;
  private static final int PATHS = 100_000;
  private static final int ROUNDS = 15;

  private EvaluatorBench() {}

  public static void main(String[] args) {
    CodeOwners codeOwners = CodeOwners.parse(codeowners());
    List<ChangedPath> changes = changes();
    ReviewFacts facts =
        new ReviewFacts(
            "author",
            "0123456789abcdef",
            changes,
            List.of(
                Approval.byHuman("owner-3", Instant.parse("2024-05-01T10:00:00Z")),
                Approval.byHuman("owner-7", Instant.parse("2024-05-01T10:00:00Z"))),
            List.of(),
            Reviews.none());
    Set<Owner> owners = Evaluator.ownersToResolve(codeOwners, changes);
    Map<Owner, Resolution> resolved = new HashMap<>();
    for (Owner owner : owners) {
      resolved.put(owner, Resolution.of(Set.of(owner.name().replace('/', '-'))));
    }
    OwnerResolutions resolutions = new OwnerResolutions(resolved);

    System.out.printf(
        "CODEOWNERS: %d sections, %d entries; %d changed paths; %d owners to resolve%n",
        codeOwners.sections().size(),
        codeOwners.sections().stream().mapToInt(s -> s.entries().size()).sum(),
        changes.size(),
        owners.size());
    long bestMatch = Long.MAX_VALUE;
    long bestOwners = Long.MAX_VALUE;
    long bestEvaluate = Long.MAX_VALUE;
    Verdict verdict = null;
    for (int round = 0; round < ROUNDS; round++) {
      long t0 = System.nanoTime();
      int matches = 0;
      for (ChangedPath change : changes) {
        matches += codeOwners.match(change.newPath()).size();
      }
      long t1 = System.nanoTime();
      Evaluator.ownersToResolve(codeOwners, changes);
      long t2 = System.nanoTime();
      verdict = Evaluator.evaluate(Policy.defaults(), codeOwners, facts, resolutions);
      long t3 = System.nanoTime();
      bestMatch = Math.min(bestMatch, t1 - t0);
      bestOwners = Math.min(bestOwners, t2 - t1);
      bestEvaluate = Math.min(bestEvaluate, t3 - t2);
      if (round == 0) {
        System.out.printf(
            "first round (cold JIT): match only %d ms (%d matches), ownersToResolve %d ms,"
                + " evaluate %d ms%n",
            (t1 - t0) / 1_000_000, matches, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
      }
    }
    System.out.printf(
        "best of %d: CodeOwners.match alone %d ms, ownersToResolve %d ms, evaluate %d ms%n",
        ROUNDS, bestMatch / 1_000_000, bestOwners / 1_000_000, bestEvaluate / 1_000_000);
    System.out.printf(
        "verdict: satisfied=%s, %d rules, %d entries%n",
        verdict.satisfied(),
        verdict.rules().size(),
        verdict.rules().stream().mapToInt(r -> r.entries().size()).sum());
  }

  /** Each section owns a directory tree; its entries own subdirectories and file types in it. */
  private static String codeowners() {
    StringBuilder text = new StringBuilder();
    for (int s = 0; s < SECTIONS; s++) {
      text.append(s % 5 == 4 ? "^[" : "[")
          .append("Section ")
          .append(s)
          .append("] @org/team-")
          .append(s)
          .append('\n');
      for (int e = 0; e < ENTRIES_PER_SECTION; e++) {
        switch (e % 4) {
          case 0 -> text.append("/area").append(s).append("/dir").append(e).append("/ ");
          case 1 -> text.append("*.ext").append(s).append('_').append(e).append(' ');
          case 2 -> text.append("/area").append(s).append("/**/*.k").append(e).append(' ');
          default -> text.append("**/mod").append(e).append("/ ");
        }
        text.append("@owner-").append(e % 10).append(" @org/team-").append(s).append('\n');
      }
    }
    return text.toString();
  }

  private static List<ChangedPath> changes() {
    List<ChangedPath> changes = new ArrayList<>(PATHS);
    for (int i = 0; i < PATHS; i++) {
      int s = i % SECTIONS;
      int e = (i / SECTIONS) % ENTRIES_PER_SECTION;
      String path =
          switch (i % 4) {
            case 0 -> "area" + s + "/dir" + e + "/file" + i + ".txt";
            case 1 -> "src/pkg" + (i % 97) + "/file" + i + ".ext" + s + "_" + e;
            case 2 -> "area" + s + "/deep/er/file" + i + ".k" + e;
            default -> "lib/mod" + e + "/file" + i + ".java";
          };
      changes.add(ChangedPath.modified(path));
    }
    return changes;
  }
}
