package org.mergegate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mergegate.breakglass.BreakGlassRecord;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.BreakGlassLookup;
import org.mergegate.gitlab.BreakGlassPermission;
import org.mergegate.gitlab.BreakGlassRecorder;
import org.mergegate.gitlab.Commits;
import org.mergegate.gitlab.CurrentJob;
import org.mergegate.gitlab.FollowUpIssues;
import org.mergegate.gitlab.GitLabFiles;
import org.mergegate.gitlab.GitLabHttp;
import org.mergegate.gitlab.Issues;
import org.mergegate.gitlab.MergeRequestHead;
import org.mergegate.gitlab.ProjectInfo;
import org.mergegate.policy.Policy;
import org.mergegate.policy.PolicyFiles;
import org.mergegate.review.Sha;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code merge-gate break-glass}: records an audited emergency bypass for the current head of a
 * merge request, or for a commit on the default branch. Wiring only: who may is decided by {@code
 * break_glass.allowed} ({@code gitlab.BreakGlassPermission}), the record is {@code
 * breakglass.BreakGlassRecord}, writing it is {@code gitlab.BreakGlassRecorder}.
 */
@Command(
    name = "break-glass",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Record an audited emergency bypass of review for the current commit. Run it as the"
            + " manual job merge-gate:break-glass with the variable MERGE_GATE_REASON set.",
    footerHeading = "%nExample (the script of the manual merge-gate:break-glass job):%n",
    footer = {
      "  # run the job from its page with the variable MERGE_GATE_REASON set, e.g.",
      "  # MERGE_GATE_REASON='payments down since 14:02, INC-1234; one-line revert'",
      "  java -jar merge-gate.jar break-glass",
      "",
      "Exit codes: 0 recorded, 1 you may not break glass (nothing recorded), 2 no or too short"
          + " reason, or bad configuration, 3 GitLab failed."
    },
    usageHelpAutoWidth = true)
public final class BreakGlassCommand implements Callable<Integer> {
  /** The artifact the CI template keeps. */
  static final String OUTPUT = "break-glass.json";

  @ParentCommand Main main;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin GitLabOptions gitlab = new GitLabOptions();

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description =
          "Why review cannot wait, at least "
              + BreakGlassRecord.MIN_REASON
              + " characters (default: $MERGE_GATE_REASON).")
  String reason;

  @Option(
      names = "--mr",
      paramLabel = "IID",
      description =
          "Merge request whose current head to cover (default: $CI_MERGE_REQUEST_IID; without"
              + " one, the commit --sha on the default branch).")
  String mr;

  @Option(
      names = "--sha",
      paramLabel = "SHA",
      description = "Commit on the default branch to cover when there is no MR ($CI_COMMIT_SHA).")
  String sha;

  @Option(
      names = "--branch",
      paramLabel = "NAME",
      description = "Branch of the pipeline when there is no MR (default: $CI_COMMIT_BRANCH).")
  String branch;

  @Option(
      names = "--job-url",
      paramLabel = "URL",
      description = "The job recording it (default: the job's page as GitLab reports it).")
  String jobUrl;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Where to write the record (default: ${DEFAULT-VALUE}).",
      defaultValue = OUTPUT)
  Path output;

  private final Map<String, String> env;

  public BreakGlassCommand() {
    this(System.getenv());
  }

  BreakGlassCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Usage problems first: nothing is read or written for a job started without a reason.
    String why =
        BreakGlassRecord.checkReason(reason != null ? reason : env.get("MERGE_GATE_REASON"));
    String jobToken = or(null, "CI_JOB_TOKEN");
    if (jobToken == null) {
      throw GateException.config(
          "break-glass runs only as a GitLab CI job, so that GitLab vouches for who started it"
              + " (CI_JOB_TOKEN is not set): run the merge-gate:break-glass job");
    }
    String apiUrl = gitlab.apiUrl(env);
    String project = gitlab.project(env, "break glass in");
    String token = gitlab.token(env);
    String iid = or(mr, "CI_MERGE_REQUEST_IID");
    PrintWriter debug = main != null && main.debug ? err : null;
    CurrentJob job;
    try (GitLabHttp asJob = gitlab.openAsJob(apiUrl, jobToken, debug)) {
      job = CurrentJob.read(asJob);
    }
    String who = job.username();
    CurrentJob.requireSame("CI_COMMIT_SHA", or(null, "CI_COMMIT_SHA"), job.sha());
    CurrentJob.requireSame(
        "CI_PIPELINE_ID", or(null, "CI_PIPELINE_ID"), String.valueOf(job.pipelineId()));
    String claimed = or(null, "GITLAB_USER_LOGIN");
    if (claimed != null && !claimed.equalsIgnoreCase(who)) {
      throw GateException.refused(
          "GITLAB_USER_LOGIN says @"
              + claimed
              + " but GitLab says @"
              + who
              + " started this job: nothing recorded (job variables cannot choose who breaks glass)");
    }
    try (GitLabHttp http = gitlab.open(apiUrl, token, debug)) {
      Subject subject =
          iid != null
              ? mergeRequest(http, project, MergeRequestNumber.parse(iid))
              : defaultBranchCommit(http, project);
      // The record covers the commit this job ran for, in this project, or nothing at all.
      job.requireRunsFor(
          projectId(http, project), subject.sha(), subject.mr(), new Commits(http, project));
      PolicyFiles policy =
          PolicyFiles.read(
                  new GitLabFiles(http, project, subject.policyRef(), subject.policyLabel()))
              .requireValid();
      Policy.BreakGlass rules = policy.policy().breakGlass();
      BreakGlassPermission permitted = new BreakGlassPermission(http, project, rules.allowed());
      if (!permitted.test(who)) {
        throw GateException.refused(
            "@"
                + who
                + " may not break glass: break_glass.allowed in "
                + policy.source()
                + " is "
                + permitted.describe()
                + "; nothing was recorded, ask one of them to run the job");
      }
      BreakGlassRecorder recorder = new BreakGlassRecorder(http, project);
      // A re-run of the same job by the same person records nothing new; it only completes what
      // an earlier run left undone (the follow-up issue, when opening it failed).
      Optional<BreakGlassRecord> already = existing(http, project, subject, permitted);
      if (already.isPresent() && already.get().user().equalsIgnoreCase(who)) {
        BreakGlassRecord record = already.get();
        Optional<FollowUpIssues.FollowUpIssue> issue =
            rules.followUpIssue()
                ? new FollowUpIssues(http, project).find(record)
                : Optional.empty();
        String done =
            "merge-gate: @"
                + who
                + " already broke glass for "
                + subject.name()
                + " at "
                + record.shortSha()
                + " ("
                + record.at()
                + "): nothing new recorded";
        if (rules.followUpIssue() && issue.isEmpty()) {
          Issues.Created opened = openFollowUp(recorder, record, subject, rules);
          out.println(
              done
                  + ", but its missing follow-up review issue is now open: #"
                  + opened.iid()
                  + " "
                  + opened.webUrl());
        } else {
          write(record, issue.map(FollowUpIssues.FollowUpIssue::webUrl).orElse(null));
          out.println(done);
        }
        out.flush();
        return ExitCode.OK;
      }
      BreakGlassRecord record =
          new BreakGlassRecord(
              subject.sha(), who, why, Instant.now(), recordedJobUrl(job), subject.mr());
      recorder.note(record);
      Issues.Created issue =
          rules.followUpIssue() ? openFollowUp(recorder, record, subject, rules) : null;
      if (issue == null) {
        write(record, null);
      }
      out.println(BreakGlassBanner.recorded(record, subject.name()));
      if (issue != null) {
        out.println("merge-gate: follow-up review issue #" + issue.iid() + ": " + issue.webUrl());
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  /**
   * Opens the follow-up issue and writes the artifact naming it. The note is already posted, so the
   * bypass counts either way; a failure says how to complete the audit trail.
   */
  private Issues.Created openFollowUp(
      BreakGlassRecorder recorder,
      BreakGlassRecord record,
      Subject subject,
      Policy.BreakGlass rules) {
    Issues.Created issue;
    try {
      issue = recorder.followUp(record, subject.diffUrl(), rules.labels());
    } catch (GateException e) {
      write(record, null);
      throw new GateException(
          e.exitCode(),
          "break-glass for "
              + subject.name()
              + " is recorded, but its follow-up review issue could not be opened ("
              + e.getMessage()
              + "); re-run the merge-gate:break-glass job to open it",
          e);
    }
    write(record, issue.webUrl());
    return issue;
  }

  private static Optional<BreakGlassRecord> existing(
      GitLabHttp http, String project, Subject subject, BreakGlassPermission permitted) {
    BreakGlassLookup lookup = new BreakGlassLookup(http, project);
    return (subject.mr() != null
            ? lookup.onMergeRequest(subject.mr(), subject.sha(), permitted)
            : lookup.onCommit(subject.sha(), permitted))
        .record();
  }

  /** What the record covers, where its policy comes from, and where a reviewer looks. */
  private record Subject(
      String sha, Long mr, String name, String policyRef, String policyLabel, String diffUrl) {}

  private Subject mergeRequest(GitLabHttp http, String project, long iid) {
    MergeRequestHead head = MergeRequestHead.read(http, project, iid);
    if (!"opened".equals(head.state())) {
      throw GateException.config(
          "!"
              + iid
              + " is "
              + head.state()
              + ", not open: break glass on the pipeline of the commit instead");
    }
    // The MR's own changes never decide who may bypass its review: the target branch does.
    return new Subject(
        head.sha(),
        iid,
        "!" + iid,
        head.targetBranch(),
        head.targetBranch(),
        head.webUrl() + "/diffs");
  }

  private Subject defaultBranchCommit(GitLabHttp http, String project) {
    String commit = or(sha, "CI_COMMIT_SHA");
    if (commit == null) {
      throw GateException.config(
          "break-glass needs a merge request (--mr, $CI_MERGE_REQUEST_IID) or a commit (--sha,"
              + " $CI_COMMIT_SHA)");
    }
    ProjectInfo info = ProjectInfo.read(http, project);
    String ref = or(branch, "CI_COMMIT_BRANCH");
    if (ref != null && !ref.equals(info.defaultBranch())) {
      throw GateException.config(
          "break-glass outside a merge request covers commits on the default branch "
              + info.defaultBranch()
              + ", not "
              + ref
              + ": open a merge request and break glass in its pipeline");
    }
    // The commit may itself edit the policy; the one before it decides who may bypass review.
    List<String> parents = new Commits(http, project).parents(commit);
    String before = parents.isEmpty() ? commit : parents.get(0);
    String shortSha = Sha.abbreviate(commit);
    return new Subject(
        commit,
        null,
        "commit " + shortSha,
        before,
        info.defaultBranch() + "@" + Sha.abbreviate(before),
        info.webUrl() + "/-/commit/" + commit);
  }

  /** The project's numeric id: {@code --project} may name it by path. */
  private static long projectId(GitLabHttp http, String project) {
    return project.matches("[0-9]{1,18}")
        ? Long.parseLong(project)
        : ProjectInfo.read(http, project).id();
  }

  /** The job's page as GitLab reports it (a job variable could name any page). */
  private String recordedJobUrl(CurrentJob job) {
    if (jobUrl != null) {
      return jobUrl;
    }
    return job.webUrl().isBlank() ? or(null, "CI_JOB_URL", "") : job.webUrl();
  }

  private void write(BreakGlassRecord record, String followUpIssueUrl) {
    try {
      var node =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              org.mergegate.http.Json.read(org.mergegate.breakglass.BreakGlassNote.toJson(record));
      node.put("follow_up_issue", followUpIssueUrl);
      Files.writeString(
          output, org.mergegate.http.Json.pretty(node) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw GateException.external(
          "break-glass was recorded on GitLab but "
              + output
              + " could not be written ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private String or(String flag, String variable) {
    return GitLabOptions.flagOrVariable(flag, env, variable);
  }

  private String or(String flag, String variable, String fallback) {
    String v = or(flag, variable);
    return v == null ? fallback : v;
  }
}
