package org.mergegate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mergegate.exit.GateException;
import org.mergegate.local.DirectoryFiles;
import org.mergegate.local.LocalFile;
import org.mergegate.local.LocalRepository;
import org.mergegate.local.Members;
import org.mergegate.policy.Evaluator;
import org.mergegate.policy.PolicyFiles;
import org.mergegate.policy.Verdict;
import org.mergegate.review.Approval;
import org.mergegate.review.ChangedPath;
import org.mergegate.review.RepoPath;
import org.mergegate.review.RepositoryFiles;
import org.mergegate.review.ReviewFacts;
import org.mergegate.review.Reviewer;
import org.mergegate.review.Reviews;
import org.mergegate.review.Utf8;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code merge-gate explain}: the gate's own evaluation over local facts. It is to {@code check}
 * what a simulation is to the real thing: the same engine, facts from git and the command line.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate the policy on local changes and given approvers, without GitLab.",
      "The policy and CODEOWNERS are read as they are at --base (a directory that is not the top"
          + " of a git repository is read as it is on disk)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  # what would my branch need before it can merge into main?",
      "  merge-gate explain --author $USER",
      "  # the bundled example, with membership written down instead of asked from GitLab",
      "  merge-gate explain --repo examples/airflow-dags \\",
      "      --changed-files examples/airflow-dags/sample-mr.txt \\",
      "      --members examples/airflow-dags/members.yml --author ana --approved-by arjun,pat",
      "  # ...and what if priya approved, but carol had requested changes?",
      "  merge-gate explain --author ana --approved-by priya --requested-changes-by carol"
    })
final class ExplainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The repository (default: .).")
  Path repo;

  @Option(
      names = "--base",
      paramLabel = "REV",
      description = "The target revision (default: the upstream of the current branch, else main).")
  String base;

  @Option(
      names = "--head",
      paramLabel = "REV",
      defaultValue = "HEAD",
      description = "The change (default: HEAD).")
  String head;

  @Option(
      names = "--changed-files",
      paramLabel = "FILE",
      description = "Changed paths, one per line ('-' for stdin), instead of git's diff.")
  String changedFiles;

  @Option(
      names = "--author",
      paramLabel = "USER",
      description = "The MR author (default: $GITLAB_USER_LOGIN, else $USER).")
  String author;

  @Option(
      names = "--approved-by",
      paramLabel = "USER",
      split = ",",
      description = "Users who approved, comma-separated.")
  List<String> approvedBy = new ArrayList<>();

  @Option(
      names = "--requested-changes-by",
      paramLabel = "USER",
      split = ",",
      description =
          "Reviewers whose request for changes stands, comma-separated (each blocks until they"
              + " approve; with approvals.requested_changes_block).")
  List<String> requestedChangesBy = new ArrayList<>();

  @Option(
      names = "--members",
      paramLabel = "FILE",
      description =
          "YAML with group, role and e-mail membership (see examples/airflow-dags/members.yml).")
  Path membersFile;

  @Mixin VerdictOutput output;

  @Override
  public Integer call() throws IOException {
    // One real directory for both readers, whatever form --repo was given in.
    DirectoryFiles onDisk = DirectoryFiles.open(repo);
    LocalRepository git = LocalRepository.openTopLevel(onDisk.root());
    RepositoryFiles files;
    String headSha;
    List<ChangedPath> changes;
    if (git != null) {
      String target = base != null ? base : git.defaultBase();
      files = git.filesAt(target);
      headSha = git.resolve(head);
      changes = changedFiles != null ? readChangedFiles() : git.changes(target, head);
    } else {
      if (base != null) {
        throw GateException.config(
            repo
                + " is not the top of a git repository, so --base cannot apply: drop it to read the files on disk");
      }
      if (changedFiles == null) {
        throw GateException.config(
            repo
                + " is not the top of a git repository: pass --changed-files FILE with one path per line");
      }
      files = onDisk;
      headSha = null; // files on disk: there is no commit to name
      changes = readChangedFiles();
    }

    Members members = membersFile != null ? Members.read(membersFile) : Members.none();
    List<Approval> approvals = new ArrayList<>();
    for (String user : approvedBy) {
      String u = user.strip().replaceFirst("^@", "");
      if (!u.isEmpty()) {
        approvals.add(new Approval(u, null, members.isBot(u), !members.isBlocked(u)));
      }
    }
    ReviewFacts facts =
        new ReviewFacts(
            authorOrDefault(), headSha, changes, approvals, List.of(), requests(members));
    PolicyFiles policy = PolicyFiles.read(files).requireValid();
    Verdict verdict = Evaluator.evaluate(policy, facts, members);
    return output.emit(verdict, spec.commandLine());
  }

  /**
   * The standing requests for changes, as GitLab would show them: reviewers in the state {@code
   * requested_changes}. A reviewer cannot be in that state and approved at once (approving moves
   * them out of it), so naming someone in both flags is a mistake, not a scenario.
   */
  private Reviews requests(Members members) {
    List<Reviewer> reviewers = new ArrayList<>();
    Set<String> bots = new HashSet<>();
    Set<String> blocked = new HashSet<>();
    Set<String> approvers = new HashSet<>();
    approvedBy.forEach(u -> approvers.add(handle(u).toLowerCase(Locale.ROOT)));
    for (String user : requestedChangesBy) {
      String u = handle(user);
      if (u.isEmpty()) {
        continue;
      }
      if (approvers.contains(u.toLowerCase(Locale.ROOT))) {
        throw GateException.config(
            "@"
                + u
                + " is in both --approved-by and --requested-changes-by, but approving lifts one's"
                + " own request for changes: name them in one of the two");
      }
      reviewers.add(new Reviewer(u, Reviewer.REQUESTED_CHANGES, null));
      if (members.isBot(u)) {
        bots.add(u);
      }
      if (members.isBlocked(u)) {
        blocked.add(u);
      }
    }
    return new Reviews(reviewers, List.of(), bots, blocked, null);
  }

  private static String handle(String user) {
    return user.strip().replaceFirst("^@", "");
  }

  private String authorOrDefault() {
    if (author != null && !author.isBlank()) {
      return author.strip().replaceFirst("^@", "");
    }
    Map<String, String> env = System.getenv();
    String fallback = env.getOrDefault("GITLAB_USER_LOGIN", env.get("USER"));
    if (fallback == null || fallback.isBlank()) {
      throw GateException.config("who is the author? pass --author USER");
    }
    return fallback;
  }

  private List<ChangedPath> readChangedFiles() throws IOException {
    byte[] bytes;
    if (changedFiles.equals("-")) {
      try (InputStream in = System.in) {
        bytes = in.readAllBytes();
      }
    } else {
      bytes = LocalFile.read(Path.of(changedFiles), "--changed-files " + changedFiles);
    }
    List<ChangedPath> changes = new ArrayList<>();
    for (String line : Utf8.decode(bytes, "--changed-files " + changedFiles).split("\r?\n")) {
      if (!line.isBlank()) {
        changes.add(ChangedPath.modified(RepoPath.normalize(line.strip())));
      }
    }
    if (changes.isEmpty()) {
      throw GateException.config("--changed-files " + changedFiles + " lists no paths");
    }
    return changes;
  }
}
