package org.mergegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mergegate.breakglass.BreakGlassNote;
import org.mergegate.deploy.BlunderbussClient;
import org.mergegate.deploy.BlunderbussConfig;
import org.mergegate.deploy.CustodyJudge;
import org.mergegate.deploy.DeployMark;
import org.mergegate.deploy.MergedCommitCheck;
import org.mergegate.deploy.ShippedCommits;
import org.mergegate.deploy.SyncRequest;
import org.mergegate.deploy.SyncResult;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.CommitComments;
import org.mergegate.gitlab.GitLabHttp;
import org.mergegate.gitlab.ProjectInfo;
import org.mergegate.gitlab.TokenUser;
import org.mergegate.markdown.Markdown;
import org.mergegate.report.ConsoleReport;
import org.mergegate.review.Sha;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code merge-gate deploy}: in the post-merge job on the default branch, re-verifies the commit
 * ({@link MergedCommitCheck}) and only then has blunderbuss sync exactly that commit. Wiring only.
 */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Re-verify the commit of a default-branch pipeline (an approved merge request or a valid"
            + " break-glass record) and sync it through blunderbuss.",
    footerHeading = "%nExample (the script of the merge-gate:deploy job on the default branch):%n",
    footer = {
      "  # BLUNDERBUSS_URL, BLUNDERBUSS_TOKEN and MERGE_GATE_TOKEN are CI/CD variables",
      "  java -jar merge-gate.jar deploy --targets ceph,hdfs",
      "",
      "Exit codes: 0 deployed, or superseded by a newer commit; 1 refused (not approved, no"
          + " valid break-glass); 2 not the default branch, or bad configuration; 3 GitLab or"
          + " blunderbuss failed or timed out (re-running the job is safe)."
    },
    usageHelpAutoWidth = true)
public final class DeployCommand implements Callable<Integer> {
  /** The artifact the CI template keeps. */
  static final String OUTPUT = "deploy.json";

  /** Commits of the shipped range judged at once. */
  private static final int PARALLEL = 8;

  @ParentCommand Main main;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin GitLabOptions gitlab = new GitLabOptions();

  @Option(
      names = "--sha",
      paramLabel = "SHA",
      description = "The commit to deploy (default: $CI_COMMIT_SHA).")
  String sha;

  @Option(
      names = "--branch",
      paramLabel = "NAME",
      description = "The pipeline's branch (default: $CI_COMMIT_BRANCH, else $CI_COMMIT_REF_NAME).")
  String branch;

  @Option(
      names = "--default-branch",
      paramLabel = "NAME",
      description = "The branch deploys come from (default: $CI_DEFAULT_BRANCH, else GitLab's).")
  String defaultBranch;

  @Option(
      names = "--targets",
      paramLabel = "LIST",
      defaultValue = "ceph,hdfs",
      description = "Comma-separated blunderbuss targets (default: ${DEFAULT-VALUE}).")
  String targets;

  @Option(
      names = "--deploy-timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description = "How long to wait for blunderbuss's verdict (default: ${DEFAULT-VALUE}).")
  String deployTimeout;

  @Option(
      names = "--blunderbuss-url",
      paramLabel = "URL",
      description =
          "The sync service (default: $BLUNDERBUSS_URL); its token is $BLUNDERBUSS_TOKEN.")
  String blunderbussUrl;

  @Option(
      names = "--user",
      paramLabel = "USERNAME",
      description = "Who deploys, for blunderbuss's log (default: $GITLAB_USER_LOGIN).")
  String user;

  @Option(
      names = "--pipeline-url",
      paramLabel = "URL",
      description = "This pipeline, for blunderbuss's log (default: $CI_PIPELINE_URL).")
  String pipelineUrl;

  @Option(
      names = "--first-deploy",
      description =
          "merge-gate has never deployed this project: when no deploy mark of its own is found"
              + " within "
              + ShippedCommits.MAX_COMMITS
              + " commits, verify the deployed commit alone. Use it once, then remove it.")
  boolean firstDeploy;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      defaultValue = OUTPUT,
      description = "Where to write what was synced (default: ${DEFAULT-VALUE}).")
  Path output;

  private final Map<String, String> env;

  public DeployCommand() {
    this(System.getenv());
  }

  DeployCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Configuration first: nothing is read from GitLab for a job that could not deploy anyway.
    String commit = or(sha, "CI_COMMIT_SHA");
    if (commit == null) {
      throw GateException.config("deploy needs the commit: run it in a CI job or pass --sha");
    }
    commit = commit.toLowerCase(java.util.Locale.ROOT);
    String ref = or(branch, "CI_COMMIT_BRANCH");
    ref = ref != null ? ref : or(null, "CI_COMMIT_REF_NAME");
    if (ref == null) {
      throw GateException.config(
          "deploy runs only in a pipeline of the default branch, and this one names no branch"
              + " (CI_COMMIT_BRANCH); pass --branch");
    }
    String deployBranch = or(defaultBranch, "CI_DEFAULT_BRANCH");
    if (deployBranch != null) {
      requireDefault(ref, deployBranch);
    }
    BlunderbussConfig blunderbuss =
        BlunderbussConfig.of(
            or(blunderbussUrl, "BLUNDERBUSS_URL"),
            env.get("BLUNDERBUSS_TOKEN"),
            GitLabOptions.duration("--deploy-timeout", deployTimeout));
    List<String> targetList = Arrays.stream(targets.split(",", -1)).map(String::strip).toList();
    String apiUrl = gitlab.apiUrl(env);
    String project = gitlab.project(env, "deploy");
    String token = gitlab.token(env);
    try (GitLabHttp http =
        gitlab.open(apiUrl, token, this.main != null && this.main.debug ? err : null)) {
      ProjectInfo info = ProjectInfo.read(http, project);
      if (deployBranch == null) {
        deployBranch = info.defaultBranch();
        requireDefault(ref, deployBranch);
      }
      // Bad targets are a configuration error: refuse them before judging or commenting.
      new SyncRequest(
          info.path(), info.id(), deployBranch, commit, targetList, null, "check", null);
      MergedCommitCheck check = new MergedCommitCheck(http, project);
      Optional<String> newer = check.supersededBy(commit, deployBranch);
      if (newer.isPresent()) {
        out.println(
            "merge-gate: deploy of "
                + Sha.abbreviate(commit)
                + " superseded by "
                + newer.get()
                + ": "
                + deployBranch
                + " has moved on and its newer pipeline deploys; nothing synced");
        out.flush();
        return ExitCode.OK;
      }
      // The whole tree ships: every first-parent commit since the last deploy must qualify.
      ShippedCommits.Chain chain =
          new ShippedCommits(http, project, deployBranch).upTo(commit, firstDeploy);
      List<CustodyJudge.Judged> judged =
          new CustodyJudge(http, project, deployBranch)
              .judgeAll(chain.shas(), PARALLEL, done -> {});
      MergedCommitCheck.Outcome outcome = judged.get(0).outcome();
      if (outcome.breakGlass() != null) {
        out.println(BreakGlassBanner.passed(outcome.breakGlass()));
      }
      if (outcome.verdict() != null) {
        out.print(ConsoleReport.withColour(ConsoleReport.colourWanted()).render(outcome.verdict()));
      }
      out.println(shippedSummary(commit, deployBranch, chain));
      for (CustodyJudge.Judged j : judged.subList(1, judged.size())) {
        out.println(
            "merge-gate:   also ships "
                + Sha.abbreviate(j.sha())
                + ": "
                + (j.outcome().qualified() ? "" : "NOT QUALIFIED: ")
                + j.outcome().why());
      }
      out.flush();
      outcome.notes().forEach(n -> err.println("merge-gate: " + n));
      // The oldest commit that does not qualify decides: it is what the tree would carry first.
      for (int i = judged.size() - 1; i > 0; i--) {
        CustodyJudge.Judged j = judged.get(i);
        if (!j.outcome().qualified()) {
          String why = earlierCommitRefused(commit, deployBranch, chain, j);
          new CommitComments(http, project, commit)
              .post(
                  refusalComment(
                      commit,
                      why,
                      outcome,
                      "To ship it: have a permitted person run the merge-gate:break-glass job on"
                          + " the pipeline of "
                          + j.sha()
                          + ", then re-run the deploy job. Reverting it does not help: the"
                          + " commit stays in the history this tree ships."));
          throw GateException.refused(why + "; nothing was synced to " + targets);
        }
      }
      if (!outcome.qualified()) {
        new CommitComments(http, project, commit)
            .post(
                refusalComment(
                    commit,
                    outcome.why(),
                    outcome,
                    "To ship it: merge it through an approved merge request, or have a permitted"
                        + " person run the merge-gate:break-glass job for this commit, then re-run"
                        + " the deploy job."));
        throw GateException.refused(
            "not deployed: " + outcome.why() + "; nothing was synced to " + targets);
      }
      out.println("merge-gate: deploying " + Sha.abbreviate(commit) + ": " + outcome.why());
      out.flush();
      SyncRequest request =
          new SyncRequest(
              info.path(),
              info.id(),
              deployBranch,
              commit,
              targetList,
              outcome.mergeRequest(),
              or(user, "GITLAB_USER_LOGIN", "merge-gate"),
              or(pipelineUrl, "CI_PIPELINE_URL"));
      SyncResult result = BlunderbussClient.create(blunderbuss).sync(request);
      out.println("merge-gate: " + result.summary());
      out.flush();
      write(request, outcome, result);
      mark(http, project, commit, targetList);
      return ExitCode.OK;
    }
  }

  private static void requireDefault(String ref, String main) {
    if (!ref.equals(main)) {
      throw GateException.config(
          "deploy runs only on the default branch "
              + main
              + ", not "
              + ref
              + ": limit the job to rules: if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
    }
  }

  /** One line: what this deploy verifies, and since when. */
  private static String shippedSummary(String commit, String branch, ShippedCommits.Chain chain) {
    if (chain.lastDeployed().isEmpty()) {
      return "merge-gate: no deploy mark of merge-gate's own on "
          + branch
          + " before "
          + Sha.abbreviate(commit)
          + ": a first deploy, so "
          + Sha.abbreviate(commit)
          + " alone is verified";
    }
    int n = chain.commits().size();
    return "merge-gate: "
        + branch
        + " was last deployed at "
        + Sha.abbreviate(chain.lastDeployed().get())
        + "; this deploy ships "
        + n
        + (n == 1 ? " commit" : " commits")
        + " since, each verified";
  }

  private static String earlierCommitRefused(
      String commit, String branch, ShippedCommits.Chain chain, CustodyJudge.Judged bad) {
    String sha = Sha.abbreviate(bad.sha());
    return "not deployed: "
        + Sha.abbreviate(commit)
        + " would also ship "
        + sha
        + ", which reached "
        + branch
        + " after the last deploy ("
        + Sha.abbreviate(chain.lastDeployed().orElseThrow())
        + "): "
        + bad.outcome().why()
        + "; to ship it, have a permitted person run merge-gate:break-glass for "
        + sha
        + " (on its own pipeline), then re-run this job: a revert does not take it out of the"
        + " history this deploy ships";
  }

  /** Leaves the gate's mark on the synced commit, once: the next deploy verifies from here. */
  private static void mark(GitLabHttp http, String project, String commit, List<String> targets) {
    CommitComments comments = new CommitComments(http, project, commit);
    try {
      if (!DeployMark.marks(comments.all(), TokenUser.username(http), commit)) {
        comments.post(
            DeployMark.render(new DeployMark.Mark(commit, java.time.Instant.now(), targets)));
      }
    } catch (GateException e) {
      throw new GateException(
          e.exitCode(),
          "synced, but the deploy mark on "
              + Sha.abbreviate(commit)
              + " could not be written ("
              + e.getMessage()
              + "): the next deploy re-verifies these commits too; re-run this job to write it",
          e);
    }
  }

  private String refusalComment(
      String commit, String why, MergedCommitCheck.Outcome outcome, String wayOut) {
    String job = or(null, "CI_JOB_URL");
    // The reason quotes rule summaries, section and branch names: outside text, neutralised.
    return ":no_entry: **merge-gate: this commit was not deployed.**\n\n"
        + Markdown.text(why)
        + ".\n\nCommit "
        + Markdown.code(commit)
        + ", policy from "
        + Markdown.text(outcome.policySource())
        + (job == null ? "" : " · [deploy job](" + Markdown.url(job) + ")")
        + "\n\n"
        + wayOut;
  }

  private void write(SyncRequest request, MergedCommitCheck.Outcome outcome, SyncResult result) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("sha", request.sha());
    root.put("ref", request.ref());
    if (request.mergeRequest() == null) {
      root.putNull("merge_request");
    } else {
      root.put("merge_request", request.mergeRequest());
    }
    root.put("qualified_by", outcome.breakGlass() != null ? "break-glass" : "approvals");
    root.put("policy", outcome.policySource());
    try {
      root.set(
          "break_glass",
          outcome.breakGlass() == null
              ? json.nullNode()
              : json.readTree(BreakGlassNote.toJson(outcome.breakGlass())));
      root.set("sync", json.valueToTree(result));
      Files.writeString(
          output,
          json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw GateException.external(
          "synced, but " + output + " could not be written (" + e.getMessage() + ")", e);
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
