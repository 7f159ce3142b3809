package org.mergegate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.mergegate.breakglass.BreakGlassRecord;
import org.mergegate.breakglass.BreakGlassVerifier;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.BreakGlassLookup;
import org.mergegate.gitlab.BreakGlassPermission;
import org.mergegate.gitlab.CommitStatus;
import org.mergegate.gitlab.GitLabHttp;
import org.mergegate.gitlab.GroupsAndUsers;
import org.mergegate.gitlab.MergeRequestReader;
import org.mergegate.gitlab.MergeRequestSnapshot;
import org.mergegate.gitlab.StickyNote;
import org.mergegate.markdown.Markdown;
import org.mergegate.policy.Evaluator;
import org.mergegate.policy.Policy;
import org.mergegate.policy.PolicyFiles;
import org.mergegate.policy.PolicyLoader;
import org.mergegate.policy.Verdict;
import org.mergegate.report.ConsoleReport;
import org.mergegate.report.ReportWriter;
import org.mergegate.review.Sha;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code merge-gate check}: evaluates the policy of the target branch against one merge request as
 * GitLab reports it, prints the verdict, writes reports, and optionally comments and sets a commit
 * status. Wiring only: reading is in {@code gitlab}, deciding in {@code policy}, printing in {@code
 * report}.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Check that a merge request has the approvals its target branch's policy and CODEOWNERS"
            + " demand. Run it as a job in a merge request pipeline.",
    footerHeading = "%nExample (a job in .gitlab-ci.yml, or a laptop with the same variables):%n",
    footer = {
      "  export MERGE_GATE_TOKEN=$(cat ~/.merge-gate-token)",
      "  export MERGE_GATE_GITLAB_URL=https://gitlab.example.org",
      "  java -jar merge-gate.jar check --project acme/payments --mr 7 --status",
      "",
      "Exit codes: 0 satisfied, 1 not satisfied, 2 usage or configuration error,"
          + " 3 GitLab failed (after retries) or answered something incomplete."
    },
    usageHelpAutoWidth = true)
public final class CheckCommand implements Callable<Integer> {
  /** The report directory used in CI when none is given. */
  static final String CI_REPORT_DIR = "merge-gate-report";

  @ParentCommand Main main;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin GitLabOptions gitlab = new GitLabOptions();

  @Option(
      names = "--mr",
      paramLabel = "IID",
      description = "Merge request number within the project (default: $CI_MERGE_REQUEST_IID).")
  String mr;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description =
          "Write merge-gate.json and junit.xml here (default in CI: " + CI_REPORT_DIR + ").")
  Path reportDir;

  @Option(
      names = "--comment",
      description = "Keep one merge-gate note on the merge request up to date (needs api).")
  boolean comment;

  @Option(
      names = "--status",
      description = "Set the commit status 'merge-gate' on the MR's head commit (needs api).")
  boolean status;

  @Option(
      names = "--job-url",
      paramLabel = "URL",
      description = "Link of the commit status (default: $CI_JOB_URL).")
  String jobUrl;

  private final Map<String, String> env;

  public CheckCommand() {
    this(System.getenv());
  }

  /** Reads Main started from the CI variables while picocli built this command, or null. */
  private final CheckPrefetch prefetch;

  CheckCommand(Map<String, String> env) {
    this(env, null);
  }

  CheckCommand(Map<String, String> env, CheckPrefetch prefetch) {
    this.env = env;
    this.prefetch = prefetch;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Target target = target();
    String token = token();
    long started = System.nanoTime();
    boolean debug = main != null && main.debug;
    CheckPrefetch.Started early =
        prefetch == null ? null : prefetch.adopt(target, token, comment, gitlab, debug);
    try (GitLabHttp http =
        early != null ? early.http() : gitlab.open(target.apiUrl(), token, debug ? err : null)) {
      Reads reads =
          early != null
              ? early.reads()
              : startReads(
                  http,
                  target,
                  comment,
                  this.mr == null ? env.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME") : null);
      StickyNote note = reads.note();
      CompletableFuture<MergeRequestSnapshot> reading = reads.snapshot();
      WarmUp.run();
      MergeRequestSnapshot mr = http.await(reading, "reading the merge request");
      PolicyFiles files = PolicyFiles.read(mr.targetFiles()).requireValid();
      Policy policy = files.policy();
      GroupsAndUsers owners = new GroupsAndUsers(http, target.project());
      Verdict verdict =
          Evaluator.evaluate(
              files, mr.facts(), toResolve -> owners.resolve(toResolve, mr.facts().approvals()));
      // Only a failing verdict looks for a break-glass record: a satisfied MR costs no request.
      Optional<BreakGlassRecord> glass =
          verdict.satisfied()
              ? Optional.empty()
              : breakGlass(http, target, mr, policy, verdict, err);
      glass.ifPresent(r -> out.println(BreakGlassBanner.passed(r)));
      Optional<String> noFollowUp =
          glass.flatMap(
              r ->
                  new BreakGlassLookup(http, target.project())
                      .missingFollowUp(r, policy.breakGlass().followUpIssue()));
      noFollowUp.ifPresent(w -> out.println("merge-gate: " + w));

      out.print(ConsoleReport.withColour(ConsoleReport.colourWanted()).render(verdict));
      out.flush();
      writeReports(verdict, glass);
      // The status and the note are independent writes: send them at once.
      CompletableFuture<Void> statusSet =
          status
              ? http.async(
                  () -> {
                    new CommitStatus(http, target.project())
                        .post(
                            verdict.headSha(),
                            verdict.satisfied() || glass.isPresent(),
                            glass
                                .map(BreakGlassBanner::status)
                                .orElseGet(() -> statusDescription(verdict)),
                            jobUrl != null ? jobUrl : env.get("CI_JOB_URL"),
                            env.get("CI_PIPELINE_ID"));
                    return null;
                  })
              : CompletableFuture.completedFuture(null);
      try {
        if (note != null) {
          note.upsert(noteMarkdown(verdict, glass, noFollowUp, mr), mr.notesAsListed());
        }
      } finally {
        http.await(statusSet, "setting the commit status");
      }
      if (main != null && main.debug) {
        err.printf(
            "merge-gate: %d requests to GitLab in %d ms%n",
            http.requestCount(), (System.nanoTime() - started) / 1_000_000);
      }
      if (!verdict.satisfied() && glass.isEmpty()) {
        throw GateException.refused(refusal(verdict));
      }
      return ExitCode.OK;
    }
  }

  /** A break-glass record on the MR that counts for its current head, if any. */
  private Optional<BreakGlassRecord> breakGlass(
      GitLabHttp http,
      Target target,
      MergeRequestSnapshot mr,
      Policy policy,
      Verdict verdict,
      PrintWriter err) {
    // The notes were read with the MR (for the reviews): no second read.
    BreakGlassVerifier.Outcome outcome =
        new BreakGlassLookup(http, target.project())
            .amongNotes(
                mr.notes(),
                verdict.headSha(),
                new BreakGlassPermission(http, target.project(), policy.breakGlass().allowed()));
    outcome.rejected().forEach(line -> err.println("merge-gate: " + line));
    return outcome.record();
  }

  /**
   * The reads a check starts before anything else.
   *
   * @param note the sticky note with its token user being read, or {@code null} without --comment
   * @param snapshot the merge request, its reviews and the target branch's policy
   */
  record Reads(StickyNote note, CompletableFuture<MergeRequestSnapshot> snapshot) {}

  /**
   * Starts the first reads: the note needs the token's user, which does not depend on the verdict,
   * so it is read alongside the MR (the notes themselves are read once, with the MR); the pipeline
   * names the MR's target branch, so its policy is read alongside the MR too.
   *
   * @param branchHint {@code CI_MERGE_REQUEST_TARGET_BRANCH_NAME}, or {@code null}
   */
  static Reads startReads(GitLabHttp http, Target target, boolean comment, String branchHint) {
    StickyNote note =
        comment ? new StickyNote(http, target.project(), target.mr()).prefetch() : null;
    MergeRequestReader reader = new MergeRequestReader(http, target.project(), target.mr());
    return new Reads(
        note, http.async(() -> reader.read(CheckCommand::codeownersPathOf, branchHint)));
  }

  // --- configuration -----------------------------------------------------------------------

  /** Which GitLab, project and MR: flags first, then GitLab's CI variables. */
  record Target(String apiUrl, String project, long mr) {}

  Target target() {
    String url = gitlab.apiUrl(env);
    String proj = gitlab.project(env, "check");
    String iid = mr != null ? mr : GitLabOptions.nonBlank(env.get("CI_MERGE_REQUEST_IID"));
    if (iid == null) {
      throw GateException.config(
          "no merge request to check: pass --mr, or run the job in a merge request pipeline"
              + " (rules: if: $CI_PIPELINE_SOURCE == \"merge_request_event\")");
    }
    return new Target(url, proj, MergeRequestNumber.parse(iid));
  }

  /** The token, from --token-file or MERGE_GATE_TOKEN; never from a flag, never printed. */
  String token() {
    return gitlab.token(env);
  }

  private Path reportDir() {
    if (reportDir != null) {
      return reportDir;
    }
    return "true".equalsIgnoreCase(env.get("CI")) ? Path.of(CI_REPORT_DIR) : null;
  }

  // --- policy and CODEOWNERS of the target branch -------------------------------------------

  /** The CODEOWNERS path a policy names, or null (GitLab's lookup order, or a broken policy). */
  static String codeownersPathOf(String policyText) {
    PolicyLoader.Result loaded = PolicyLoader.load(policyText);
    return loaded.policy() == null || loaded.policy().codeowners() == null
        ? null
        : loaded.policy().codeowners().path();
  }

  // --- output ------------------------------------------------------------------------------

  private void writeReports(Verdict verdict, Optional<BreakGlassRecord> glass) {
    Path dir = reportDir();
    if (dir == null) {
      return;
    }
    try {
      ReportWriter.write(verdict, glass, dir);
    } catch (IOException e) {
      throw GateException.external("cannot write the reports to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String refusal(Verdict verdict) {
    List<String> unmet = verdict.unmet().stream().map(r -> r.name() + ": " + r.summary()).toList();
    return "merge request not approved as its policy requires: "
        + String.join("; ", unmet)
        + (unmet.isEmpty() ? "" : ".");
  }

  private static String statusDescription(Verdict verdict) {
    long met = verdict.rules().stream().filter(r -> r.met() || r.optional()).count();
    return verdict.satisfied()
        ? "review policy satisfied (" + verdict.rules().size() + " rules met)"
        : verdict.unmet().size()
            + " of "
            + verdict.rules().size()
            + " rules unmet; "
            + met
            + " met";
  }

  private static String noteMarkdown(
      Verdict verdict,
      Optional<BreakGlassRecord> glass,
      Optional<String> noFollowUp,
      MergeRequestSnapshot mr) {
    String outcome =
        verdict.satisfied()
            ? "review policy satisfied"
            : glass.isPresent()
                ? "review policy **not satisfied**, **passed by break-glass**"
                : "review policy **not satisfied**";
    // Everything from outside (the reason, the branch name, paths and section names in the
    // report) is neutralised: this note is written by the gate's own user, so quoted text must
    // never be able to pass for anything the gate writes.
    return glass.map(r -> BreakGlassBanner.passedMarkdown(r) + "\n\n").orElse("")
        + "**merge-gate:** "
        + outcome
        + " for "
        + Sha.abbreviate(verdict.headSha())
        + " (policy from "
        + Markdown.code(mr.targetBranch())
        + " at "
        + Sha.abbreviate(mr.targetSha())
        + ")\n\n```\n"
        + Markdown.literal(ConsoleReport.plain().render(verdict))
        + "```\n";
  }
}
