package org.mergegate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mergegate.codeowners.CodeOwners;
import org.mergegate.codeowners.SectionMatch;

/**
 * Matches 100,000 realistic changed paths against a synthetic 1,000-entry CODEOWNERS with 20
 * sections, and prints the wall time and the heap the compiled CODEOWNERS retains.
 *
 * <p>Run: {@code ./mvnw -B -q test-compile && java -cp target/classes:target/test-classes
 * org.mergegate.bench.CodeOwnersMatchBenchmark}. Heap is measured as the difference in used heap
 * (after {@code System.gc()} until it settles) with and without 20 parsed copies held, divided by
 * 20 - a coarse but honest figure; the text itself is dropped before measuring.
 */
public final class CodeOwnersMatchBenchmark {
  private static final String[] TOP = {
    "app", "lib", "src", "docs", "config", "db", "spec", "ee", "scripts", "tooling", "qa", "vendor"
  };
  private static final String[] MID = {
    "models",
    "controllers",
    "services",
    "workers",
    "graphql",
    "api",
    "helpers",
    "views",
    "finders",
    "policies",
    "serializers",
    "uploaders",
    "assets",
    "javascripts",
    "stylesheets",
    "migrations",
    "support",
    "fixtures",
    "frontend",
    "backend"
  };
  private static final String[] EXT = {
    ".rb", ".js", ".vue", ".md", ".yml", ".haml", ".scss", ".go", ".json", ".sql", ".ts", ".txt"
  };

  private CodeOwnersMatchBenchmark() {}

  public static void main(String[] args) {
    String text = codeowners(new Random(1));
    List<String> paths = paths(new Random(2), 100_000);
    CodeOwners co = CodeOwners.parse(text);
    System.out.printf(
        "CODEOWNERS: %d lines, %d sections, %d entries, %d problems%n",
        text.lines().count(),
        co.sections().size(),
        co.sections().stream().mapToInt(s -> s.entries().size()).sum(),
        co.problems().size());

    long matched = 0;
    for (int round = 0; round < 5; round++) { // warm-up
      matched = run(co, paths);
    }
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      matched = run(co, paths);
      best = Math.min(best, System.nanoTime() - t0);
    }
    System.out.printf(
        "match: %,d paths in %.1f ms (best of 5 after warm-up), %,d section matches%n",
        paths.size(), best / 1e6, matched);

    long parseT0 = System.nanoTime();
    CodeOwners.parse(text);
    System.out.printf("parse: %.1f ms%n", (System.nanoTime() - parseT0) / 1e6);

    System.out.printf("retained heap per compiled CODEOWNERS: %.2f MiB%n", retainedMiB(text));
  }

  private static long run(CodeOwners co, List<String> paths) {
    long n = 0;
    for (String p : paths) {
      List<SectionMatch> m = co.match(p);
      n += m.size();
    }
    return n;
  }

  private static double retainedMiB(String text) {
    int copies = 20;
    long before = usedAfterGc();
    List<CodeOwners> held = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      held.add(CodeOwners.parse(new String(text.toCharArray())));
    }
    long after = usedAfterGc();
    if (held.size() != copies) {
      throw new AssertionError();
    }
    return (after - before) / (double) copies / (1024 * 1024);
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  /** 20 sections of 50 entries: anchored dirs, extensions, globstars, exclusions, files. */
  static String codeowners(Random r) {
    StringBuilder sb = new StringBuilder("# synthetic CODEOWNERS\n* @everyone\n");
    for (int s = 0; s < 20; s++) {
      sb.append(s % 5 == 4 ? "^" : "")
          .append("[Section ")
          .append(s)
          .append(']')
          .append(s % 3 == 0 && s % 5 != 4 ? "[2]" : "")
          .append(" @team-")
          .append(s)
          .append('\n');
      for (int e = 0; e < 50; e++) {
        String top = pick(r, TOP);
        String mid = pick(r, MID);
        String ext = pick(r, EXT);
        String pattern =
            switch (e % 10) {
              case 0 -> "/" + top + "/" + mid + "/";
              case 1 -> "*" + ext;
              case 2 -> "/" + top + "/**/*" + ext;
              case 3 -> mid + "/";
              case 4 -> "/" + top + "/" + mid + "/*" + ext;
              case 5 -> "!/" + top + "/" + mid + "/generated/";
              case 6 -> "/" + top + "/" + mid + "/file_" + r.nextInt(100) + ext;
              case 7 -> "/" + top + "/*/" + mid + "/";
              case 8 -> "**/" + mid + "/*_spec" + ext;
              default -> "/" + top + "/" + mid + "/" + pick(r, MID) + "/";
            };
        sb.append(pattern);
        if (!pattern.startsWith("!") && r.nextInt(3) > 0) {
          sb.append(" @user").append(r.nextInt(300)).append(" @group-").append(r.nextInt(40));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  static List<String> paths(Random r, int n) {
    List<String> paths = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      StringBuilder p = new StringBuilder(pick(r, TOP));
      int depth = 1 + r.nextInt(4);
      for (int d = 0; d < depth; d++) {
        p.append('/').append(r.nextInt(8) == 0 ? "generated" : pick(r, MID));
      }
      p.append('/').append(r.nextInt(5) == 0 ? "file_" + r.nextInt(100) : "name" + r.nextInt(5000));
      if (r.nextInt(4) == 0) {
        p.append("_spec");
      }
      p.append(pick(r, EXT));
      paths.add(p.toString());
    }
    return paths;
  }

  private static String pick(Random r, String[] values) {
    return values[r.nextInt(values.length)];
  }
}
