package org.mergegate.policy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the YAML tree of {@code .gitlab/merge-gate.yml} into a {@link Policy}, checking every key
 * and value and collecting a problem (with its line) for each mistake rather than stopping at the
 * first. Missing keys take the value from {@link Policy#defaults()}.
 */
final class PolicyBinder {
  static final List<String> TOP_KEYS = List.of("approvals", "codeowners", "break_glass");
  static final List<String> APPROVALS_KEYS =
      List.of("required", "reset_on_push", "count_bots", "requested_changes_block");
  static final List<String> CODEOWNERS_KEYS = List.of("path");
  static final List<String> BREAK_GLASS_KEYS = List.of("allowed", "follow_up_issue", "labels");

  /** GitLab's own ceiling for an approval rule's required approvals. */
  static final int MAX_REQUIRED = 100;

  /** {@code @user}, {@code @group/subgroup}: GitLab path characters. */
  private static final Pattern USER_OR_GROUP =
      Pattern.compile("@[A-Za-z0-9_.][A-Za-z0-9_.\\-]*(/[A-Za-z0-9_.][A-Za-z0-9_.\\-]*)*");

  /** {@code @@developer}, {@code @@maintainers}, ...: the roles GitLab accepts as code owners. */
  private static final Pattern ROLE =
      Pattern.compile("@@(developer|maintainer|owner)s?", Pattern.CASE_INSENSITIVE);

  private final List<PolicyProblem> problems;

  private PolicyBinder(List<PolicyProblem> problems) {
    this.problems = problems;
  }

  /**
   * Binds the document's root value, adding any problems to {@code problems}. The returned policy
   * is only meaningful when no problem was added.
   */
  static Policy bind(YamlNode root, List<PolicyProblem> problems) {
    return new PolicyBinder(problems).policy(root);
  }

  private Policy policy(YamlNode root) {
    Policy defaults = Policy.defaults();
    if (isEmptyDocument(root)) {
      return defaults;
    }
    if (!(root instanceof YamlNode.Mapping mapping)) {
      if (!(root instanceof YamlNode.Rejected)) {
        problem(
            root.line(),
            "the policy must be a map with the keys "
                + String.join(", ", TOP_KEYS)
                + "; found "
                + root.describe());
      }
      return defaults;
    }
    Map<String, YamlNode.Field> fields = knownFields(mapping, null, TOP_KEYS);
    return new Policy(
        approvals(fields.get("approvals"), defaults.approvals()),
        codeowners(fields.get("codeowners"), defaults.codeowners()),
        breakGlass(fields.get("break_glass"), defaults.breakGlass()));
  }

  /** Nothing but comments, a bare {@code ---}, or {@code ~}: the defaults apply. */
  private static boolean isEmptyDocument(YamlNode root) {
    return root == null
        || root instanceof YamlNode.Scalar scalar
            && (scalar.value() == null || scalar.value() instanceof String s && s.isBlank());
  }

  private Policy.Approvals approvals(YamlNode.Field field, Policy.Approvals defaults) {
    Map<String, YamlNode.Field> fields = section(field, APPROVALS_KEYS);
    if (fields == null) {
      return defaults;
    }
    return new Policy.Approvals(
        required(fields.get("required"), defaults.required()),
        bool(fields.get("reset_on_push"), "approvals.reset_on_push", defaults.resetOnPush()),
        bool(fields.get("count_bots"), "approvals.count_bots", defaults.countBots()),
        bool(
            fields.get("requested_changes_block"),
            "approvals.requested_changes_block",
            defaults.requestedChangesBlock()));
  }

  private Policy.Codeowners codeowners(YamlNode.Field field, Policy.Codeowners defaults) {
    Map<String, YamlNode.Field> fields = section(field, CODEOWNERS_KEYS);
    if (fields == null || !fields.containsKey("path")) {
      return defaults;
    }
    return new Policy.Codeowners(repositoryPath(fields.get("path"), "codeowners.path"));
  }

  private Policy.BreakGlass breakGlass(YamlNode.Field field, Policy.BreakGlass defaults) {
    Map<String, YamlNode.Field> fields = section(field, BREAK_GLASS_KEYS);
    if (fields == null) {
      return defaults;
    }
    List<String> allowed =
        fields.containsKey("allowed")
            ? ownerReferences(fields.get("allowed"), "break_glass.allowed")
            : defaults.allowed();
    boolean followUp =
        bool(
            fields.get("follow_up_issue"), "break_glass.follow_up_issue", defaults.followUpIssue());
    List<String> labels =
        fields.containsKey("labels")
            ? labels(fields.get("labels"), "break_glass.labels")
            : defaults.labels();
    return new Policy.BreakGlass(allowed, followUp, labels);
  }

  /**
   * The known keys of a top-level section, or {@code null} when it is absent or not a map. A key
   * written with no value is an error rather than "use the defaults": whoever wrote it meant
   * something, and guessing could weaken the policy.
   */
  private Map<String, YamlNode.Field> section(YamlNode.Field field, List<String> keys) {
    if (field == null) {
      return null;
    }
    if (field.value() instanceof YamlNode.Mapping mapping) {
      return knownFields(mapping, field.key(), keys);
    }
    if (!(field.value() instanceof YamlNode.Rejected)) {
      problem(
          field.value().line(),
          field.key()
              + " must be a map with the keys "
              + String.join(", ", keys)
              + "; found "
              + field.value().describe()
              + (isNull(field.value()) ? " (remove the key to use the defaults)" : ""));
    }
    return null;
  }

  /** The mapping's fields by key, reporting every key not in {@code allowed}. */
  private Map<String, YamlNode.Field> knownFields(
      YamlNode.Mapping mapping, String where, List<String> allowed) {
    Map<String, YamlNode.Field> known = new LinkedHashMap<>();
    for (YamlNode.Field field : mapping.fields()) {
      if (allowed.contains(field.key())) {
        known.put(field.key(), field);
        continue;
      }
      StringBuilder message =
          new StringBuilder("unknown key '").append(quote(field.key())).append('\'');
      if (where != null) {
        message.append(" in ").append(where);
      }
      message.append(" (expected one of: ").append(String.join(", ", allowed)).append(')');
      DidYouMean.suggest(field.key(), allowed)
          .ifPresent(s -> message.append("; did you mean '").append(s).append("'?"));
      problem(field.line(), message.toString());
    }
    return known;
  }

  private int required(YamlNode.Field field, int fallback) {
    if (field == null || field.value() instanceof YamlNode.Rejected) {
      return fallback;
    }
    YamlNode value = field.value();
    if (value instanceof YamlNode.Scalar scalar && scalar.value() instanceof BigInteger number) {
      if (number.signum() == 0) {
        // Zero would turn peer review off while the job still passes; break_glass is the audited
        // way to merge without review.
        problem(
            value.line(),
            "approvals.required must be at least 1: every merge request needs review by"
                + " someone other than its author (use break_glass for emergencies)");
        return fallback;
      }
      if (number.signum() > 0 && number.compareTo(BigInteger.valueOf(MAX_REQUIRED)) <= 0) {
        return number.intValue();
      }
    }
    problem(
        value.line(),
        "approvals.required must be a whole number from 1 to "
            + MAX_REQUIRED
            + "; found "
            + value.describe()
            + unquoteHint(value));
    return fallback;
  }

  /** Only {@code true} and {@code false}: YAML 1.1's yes/no/on/off read differently elsewhere. */
  private boolean bool(YamlNode.Field field, String name, boolean fallback) {
    if (field == null || field.value() instanceof YamlNode.Rejected) {
      return fallback;
    }
    YamlNode value = field.value();
    if (value instanceof YamlNode.Scalar scalar
        && scalar.value() instanceof Boolean b
        && (scalar.text().equalsIgnoreCase("true") || scalar.text().equalsIgnoreCase("false"))) {
      return b;
    }
    problem(
        value.line(),
        name + " must be true or false; found " + value.describe() + unquoteHint(value));
    return fallback;
  }

  private String repositoryPath(YamlNode.Field field, String name) {
    String path = text(field, name);
    if (path == null) {
      return null;
    }
    String reason = null;
    if (path.isBlank()) {
      reason = "must not be empty";
    } else if (path.startsWith("/")) {
      reason = "must be relative to the repository root, e.g. .gitlab/CODEOWNERS";
    } else if (path.contains("\\")) {
      reason = "must use '/' between directories";
    } else if (path.endsWith("/")) {
      reason = "must name a file, not a directory";
    } else {
      for (String segment : path.split("/", -1)) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
          reason = "must not contain '.', '..' or empty segments";
          break;
        }
      }
    }
    if (reason != null) {
      problem(field.value().line(), name + " " + reason + "; found '" + quote(path) + "'");
      return null;
    }
    return path;
  }

  private List<String> ownerReferences(YamlNode.Field field, String name) {
    List<String> references = new ArrayList<>();
    List<YamlNode> items = list(field, name, "[\"@data-platform-sre\"]");
    for (int i = 0; i < items.size(); i++) {
      YamlNode item = items.get(i);
      String reference = itemText(item, name, i);
      if (reference == null) {
        continue;
      }
      String trimmed = reference.strip();
      if (USER_OR_GROUP.matcher(trimmed).matches() && !trimmed.startsWith("@@")
          || ROLE.matcher(trimmed).matches()) {
        references.add(trimmed);
        continue;
      }
      String hint =
          !trimmed.startsWith("@") && USER_OR_GROUP.matcher("@" + trimmed).matches()
              ? " (did you mean \"@" + quote(trimmed) + "\"?)"
              : "";
      problem(
          item.line(),
          name
              + "["
              + i
              + "] must be an owner reference like \"@user\", \"@group/subgroup\" or"
              + " \"@@maintainer\"; found '"
              + quote(reference)
              + "'"
              + hint);
    }
    return references;
  }

  private List<String> labels(YamlNode.Field field, String name) {
    List<String> labels = new ArrayList<>();
    List<YamlNode> items = list(field, name, "[\"break-glass\"]");
    for (int i = 0; i < items.size(); i++) {
      String label = itemText(items.get(i), name, i);
      if (label == null) {
        continue;
      }
      if (label.isBlank() || label.contains(",")) {
        // GitLab's issue API takes labels comma-separated, so a comma would split the label.
        problem(
            items.get(i).line(),
            name
                + "["
                + i
                + "] must be a non-empty label without commas; found '"
                + quote(label)
                + "'");
        continue;
      }
      labels.add(label.strip());
    }
    return labels;
  }

  private List<YamlNode> list(YamlNode.Field field, String name, String example) {
    if (field.value() instanceof YamlNode.Sequence sequence) {
      return sequence.items();
    }
    if (!(field.value() instanceof YamlNode.Rejected)) {
      problem(
          field.value().line(),
          name + " must be a list, e.g. " + example + "; found " + field.value().describe());
    }
    return List.of();
  }

  private String itemText(YamlNode item, String name, int index) {
    if (item instanceof YamlNode.Scalar scalar && scalar.value() instanceof String text) {
      return text;
    }
    if (!(item instanceof YamlNode.Rejected)) {
      problem(
          item.line(), name + "[" + index + "] must be a quoted text; found " + item.describe());
    }
    return null;
  }

  private String text(YamlNode.Field field, String name) {
    if (field.value() instanceof YamlNode.Scalar scalar && scalar.value() instanceof String text) {
      return text;
    }
    if (!(field.value() instanceof YamlNode.Rejected)) {
      problem(field.value().line(), name + " must be a text; found " + field.value().describe());
    }
    return null;
  }

  /** A quoted number or boolean is text to YAML; say how to fix it. */
  private static String unquoteHint(YamlNode value) {
    if (value instanceof YamlNode.Scalar scalar && scalar.value() instanceof String text) {
      String lower = text.strip().toLowerCase(Locale.ROOT);
      if (lower.matches("-?[0-9]+") || lower.equals("true") || lower.equals("false")) {
        return " (write it without quotes)";
      }
    }
    return "";
  }

  private static boolean isNull(YamlNode value) {
    return value instanceof YamlNode.Scalar scalar && scalar.value() == null;
  }

  private static String quote(String text) {
    return YamlNode.shorten(text);
  }

  private void problem(int line, String message) {
    problems.add(new PolicyProblem(line, message));
  }
}
