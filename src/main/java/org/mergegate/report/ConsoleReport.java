package org.mergegate.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mergegate.policy.RuleResult;
import org.mergegate.policy.Verdict;

/**
 * The human report that {@code check} and {@code explain} print: the verdict on the first line,
 * then one aligned line per rule, then what to do about each unmet rule and which approvals were
 * ignored.
 *
 * <pre>
 * merge-gate: NOT SATISFIED - 1 of 3 rules unmet (MR by @alice, 12 changed paths, head 1a2b3c4d)
 *   [ok]   approvals              1/1  approved by @bob
 *   [FAIL] CODEOWNERS [Backend]   1/2  approved by @bob
 *          needs 1 more approval from @carol or @dave
 *          can approve: @carol, @dave
 *          entry /src/api/ (line 4, owners @backend): 1/2, approved by @bob
 *            can approve: @carol, @dave
 *            paths: src/api/A.java, src/api/B.java
 *   [opt]  CODEOWNERS [Security]  0/1  no approvals
 *          ...
 * ignored approvals:
 *   @alice: is the author
 * </pre>
 *
 * Plain ASCII of its own (a CI image without a UTF-8 locale prints anything else as {@code ?});
 * ANSI colours only when asked for, see {@link #colourWanted()}. Text taken from the verdict has its
 * control characters spelled out, so a hostile path cannot inject escape sequences or lines.
 */
public final class ConsoleReport {
  private static final String RESET = "\u001B[0m";
  private static final String RED = "\u001B[31m";
  private static final String GREEN = "\u001B[32m";
  private static final String YELLOW = "\u001B[33m";
  private static final String BOLD = "\u001B[1m";

  /** Left margin of the rule lines, and of the details under them. */
  private static final String RULE_INDENT = "  ";

  private static final String DETAIL_INDENT = "         ";

  private final boolean colour;

  private ConsoleReport(boolean colour) {
    this.colour = colour;
  }

  /** A report without colours: for CI logs, files and pipes. */
  public static ConsoleReport plain() {
    return new ConsoleReport(false);
  }

  /**
   * @param colour whether to add ANSI colours; pass {@link #colourWanted()} from the CLI
   */
  public static ConsoleReport withColour(boolean colour) {
    return new ConsoleReport(colour);
  }

  /** Whether this process should colour its report: stdout is a terminal and NO_COLOR is unset. */
  public static boolean colourWanted() {
    return colourWanted(System.getenv(), System.console() != null);
  }

  /**
   * The colour decision with its inputs injected. Follows <a
   * href="https://no-color.org">NO_COLOR</a> (set and non-empty disables colour) and leaves {@code
   * TERM=dumb} terminals alone.
   *
   * @param env the process environment
   * @param terminal whether stdout is an interactive terminal
   */
  public static boolean colourWanted(Map<String, String> env, boolean terminal) {
    String noColor = env.get("NO_COLOR");
    return terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
  }

  /** The whole report, lines separated by {@code \n}, ending with a newline. */
  public String render(Verdict verdict) {
    List<String> lines = new ArrayList<>();
    lines.add(headline(verdict));
    lines.addAll(ruleLines(verdict.rules()));
    List<String> ignored = RuleText.ignored(verdict);
    if (!ignored.isEmpty()) {
      lines.add("ignored approvals:");
      ignored.forEach(line -> lines.add(RULE_INDENT + line));
    }
    return String.join("\n", lines) + "\n";
  }

  private String headline(Verdict verdict) {
    int total = verdict.rules().size();
    int blocking = verdict.unmet().size();
    long optionalUnmet = verdict.rules().stream().filter(r -> r.optional() && !r.met()).count();
    String optionalNote = optionalUnmet == 0 ? "" : ", " + optionalUnmet + " optional unmet";
    String outcome;
    String counts;
    if (verdict.satisfied()) {
      outcome = paint("SATISFIED", BOLD + GREEN);
      counts =
          optionalUnmet == 0
              ? "all " + Text.count(total, "rule", "rules") + " met"
              : (total - optionalUnmet) + " of " + Text.count(total, "rule", "rules") + " met";
    } else {
      outcome = paint("NOT SATISFIED", BOLD + RED);
      // A verdict that fails without naming an unmet rule still fails: say so, do not invent
      // counts.
      counts =
          blocking == 0
              ? "no rule reports what is missing"
              : blocking + " of " + Text.count(total, "rule", "rules") + " unmet";
    }
    String context =
        "MR by "
            + Text.handle(verdict.author())
            + ", "
            + Text.count(verdict.changedPaths(), "changed path", "changed paths")
            + ", head "
            + Text.shortSha(verdict.headSha());
    return "merge-gate: " + outcome + " - " + counts + optionalNote + " (" + context + ")";
  }

  private List<String> ruleLines(List<RuleResult> rules) {
    int nameWidth = rules.stream().mapToInt(r -> width(RuleText.displayName(r))).max().orElse(0);
    int progressWidth = rules.stream().mapToInt(r -> width(RuleText.progress(r))).max().orElse(0);
    List<String> lines = new ArrayList<>();
    for (RuleResult rule : rules) {
      lines.add(
          RULE_INDENT
              + marker(rule)
              + " "
              + pad(RuleText.displayName(rule), nameWidth)
              + "  "
              + pad(RuleText.progress(rule), progressWidth)
              + "  "
              + RuleText.outcome(rule));
      if (!rule.met()) {
        RuleText.details(rule).forEach(detail -> lines.add(DETAIL_INDENT + detail));
      }
    }
    return lines;
  }

  /** Six columns wide whatever the status, so names line up; colour wraps the padded text. */
  private String marker(RuleResult rule) {
    if (rule.met()) {
      return paint(pad("[ok]", 6), GREEN);
    }
    return rule.optional() ? paint(pad("[opt]", 6), YELLOW) : paint("[FAIL]", RED);
  }

  private String paint(String text, String ansi) {
    return colour ? ansi + text + RESET : text;
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - width(text)));
  }

  /** Columns a string takes, counting code points so an emoji in a section name is one. */
  private static int width(String text) {
    return text.codePointCount(0, text.length());
  }
}
