package org.mergegate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.mergegate.breakglass.BreakGlassRecord;
import org.mergegate.breakglass.BreakGlassVerifier;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.BreakGlassLookup;
import org.mergegate.gitlab.BreakGlassPermission;
import org.mergegate.gitlab.Commits;
import org.mergegate.gitlab.GitLabFiles;
import org.mergegate.gitlab.GitLabHttp;
import org.mergegate.gitlab.GroupsAndUsers;
import org.mergegate.gitlab.MergeRequestReader;
import org.mergegate.gitlab.MergedRequest;
import org.mergegate.policy.Evaluator;
import org.mergegate.policy.PolicyFiles;
import org.mergegate.policy.Verdict;
import org.mergegate.review.Approval;
import org.mergegate.review.ReviewFacts;
import org.mergegate.review.Sha;

/**
 * Re-verifies a commit on the default branch before it is deployed, trusting nothing from the merge
 * request pipeline: it finds the merged merge request that produced the commit and judges it again
 * with the policy and CODEOWNERS as they were on the default branch <em>before</em> the merge, with
 * the approvals as they stood when it was merged. A valid break-glass record for the reviewed head
 * (or, with no merge request, for the commit itself) also qualifies.
 *
 * <p>Which commit is "before the merge" (the base the policy is read at):
 *
 * <ul>
 *   <li>the commit is the MR's merge commit or squash commit: its first parent, which is the
 *       default branch as it was when the merge happened;
 *   <li>the commit is the MR's head (a fast-forward merge, possibly of several commits): the parent
 *       of the MR's first commit, which GitLab reports as {@code diff_refs.base_sha}. A
 *       fast-forward merge requires the MR to be rebased onto the branch head, so that base is the
 *       branch as it was when the MR was merged; the head's own first parent would instead be the
 *       MR's second-to-last commit, whose copy of the policy the MR itself may have edited;
 *   <li>no merged MR produced the commit (a direct push): its first parent.
 * </ul>
 *
 * Reading the policy there means a merge request that edits the policy or CODEOWNERS is always
 * judged by the rules it was merged under, never by the rules it brings.
 */
public final class MergedCommitCheck {
  private final GitLabHttp http;
  private final String project;
  private final Commits commits;

  public MergedCommitCheck(GitLabHttp http, String project) {
    this.http = http;
    this.project = project;
    this.commits = new Commits(http, project);
  }

  /**
   * What the check found.
   *
   * @param qualified whether the commit may be deployed
   * @param mergeRequest the MR that produced it, or {@code null}
   * @param verdict the re-evaluation of that MR, or {@code null} when there is none
   * @param breakGlass the record it qualified by, or {@code null}
   * @param policySource where the policy was read, e.g. {@code main@1a2b3c4d}
   * @param why one sentence: why it qualified, or why not
   * @param notes what a person should also see (ignored look-alikes, dropped approvals)
   */
  public record Outcome(
      boolean qualified,
      Long mergeRequest,
      Verdict verdict,
      BreakGlassRecord breakGlass,
      String policySource,
      String why,
      List<String> notes) {
    public Outcome {
      notes = List.copyOf(notes);
    }
  }

  /**
   * Whether the default branch has moved past {@code sha}.
   *
   * @return the newer head that supersedes {@code sha}, or empty when {@code sha} is the head
   * @throws GateException exit 1 when {@code sha} is not on the branch at all
   */
  public Optional<String> supersededBy(String sha, String branch) {
    String head = commits.head(branch);
    if (head.equalsIgnoreCase(sha)) {
      return Optional.empty();
    }
    if (commits.isAncestor(sha, head)) {
      return Optional.of(head);
    }
    throw GateException.refused(
        "commit "
            + Sha.abbreviate(sha)
            + " is not on "
            + branch
            + " (its head "
            + Sha.abbreviate(head)
            + " does not descend from it): nothing deployed; was the branch rewritten?");
  }

  /** Judges {@code sha}, a commit on {@code branch}. */
  public Outcome judge(String sha, String branch) {
    Optional<JsonNode> producer = producingMergeRequest(sha, branch);
    if (producer.isEmpty()) {
      return directCommit(sha, branch);
    }
    long iid = producer.get().path("iid").asLong();
    MergedRequest mr = new MergeRequestReader(http, project, iid).readMerged();
    if (!"merged".equals(mr.state()) || !branch.equals(mr.targetBranch())) {
      throw GateException.external(
          "GitLab listed !" + iid + " as merged into " + branch + " but it is not; re-run", null);
    }
    String base = baseOf(sha, mr);
    List<String> notes = new ArrayList<>();
    ReviewFacts facts = atMergeTime(mr, notes);
    PolicyFiles policy = policyAt(base, branch);
    Verdict verdict = evaluate(policy, facts);
    if (verdict.satisfied()) {
      return new Outcome(
          true,
          iid,
          verdict,
          null,
          policy.source(),
          "!" + iid + " was approved as the policy of " + policy.source() + " requires",
          notes);
    }
    BreakGlassLookup lookup = new BreakGlassLookup(http, project);
    BreakGlassVerifier.Outcome glass =
        lookup.amongNotes(mr.notes(), facts.headSha(), permission(policy));
    notes.addAll(glass.rejected());
    if (glass.record().isPresent()) {
      lookup
          .missingFollowUp(glass.record().get(), policy.policy().breakGlass().followUpIssue())
          .ifPresent(notes::add);
      return new Outcome(
          true,
          iid,
          verdict,
          glass.record().get(),
          policy.source(),
          "!" + iid + " was not approved, but carries a valid break-glass record",
          notes);
    }
    List<String> unmet = verdict.unmet().stream().map(r -> r.name() + ": " + r.summary()).toList();
    return new Outcome(
        false,
        iid,
        verdict,
        null,
        policy.source(),
        "!"
            + iid
            + " was not approved as the policy of "
            + policy.source()
            + " (before the merge) requires: "
            + String.join("; ", unmet),
        notes);
  }

  private Outcome directCommit(String sha, String branch) {
    List<String> parents = commits.parents(sha);
    PolicyFiles policy =
        parents.isEmpty()
            ? PolicyFiles.read(new NoFiles(branch))
            : policyAt(parents.get(0), branch);
    BreakGlassLookup lookup = new BreakGlassLookup(http, project);
    BreakGlassVerifier.Outcome glass = lookup.onCommit(sha, permission(policy));
    if (glass.record().isPresent()) {
      List<String> notes = new ArrayList<>(glass.rejected());
      lookup
          .missingFollowUp(glass.record().get(), policy.policy().breakGlass().followUpIssue())
          .ifPresent(notes::add);
      return new Outcome(
          true,
          null,
          null,
          glass.record().get(),
          policy.source(),
          "no merge request produced it, but it carries a valid break-glass record",
          notes);
    }
    return new Outcome(
        false,
        null,
        null,
        null,
        policy.source(),
        "no merged merge request into "
            + branch
            + " produced "
            + Sha.abbreviate(sha)
            + " (a direct push?) and it carries no valid break-glass record",
        glass.rejected());
  }

  /**
   * The merged MR into {@code branch} whose merge commit, squash commit or (fast-forward) head is
   * {@code sha}; the merge commit is the strongest evidence, the head the weakest.
   */
  private Optional<JsonNode> producingMergeRequest(String sha, String branch) {
    return commits.mergeRequests(sha).stream()
        .filter(m -> "merged".equals(m.path("state").asText()))
        .filter(m -> branch.equals(m.path("target_branch").asText()))
        .filter(m -> rank(m, sha) < 3)
        .min(Comparator.comparingInt(m -> rank(m, sha)));
  }

  private static int rank(JsonNode mr, String sha) {
    if (sha.equalsIgnoreCase(mr.path("merge_commit_sha").asText(""))) {
      return 0;
    }
    if (sha.equalsIgnoreCase(mr.path("squash_commit_sha").asText(""))) {
      return 1;
    }
    return sha.equalsIgnoreCase(mr.path("sha").asText("")) ? 2 : 3;
  }

  /** The default branch just before the merge; see the class comment. */
  private String baseOf(String sha, MergedRequest mr) {
    if (sha.equalsIgnoreCase(mr.mergeCommitSha()) || sha.equalsIgnoreCase(mr.squashCommitSha())) {
      List<String> parents = commits.parents(sha);
      if (parents.isEmpty()) {
        throw GateException.external(
            "merge commit " + Sha.abbreviate(sha) + " has no parents", null);
      }
      return parents.get(0);
    }
    if (mr.baseSha() == null || mr.baseSha().isBlank()) {
      throw GateException.external(
          "GitLab gives no diff_refs.base_sha for !"
              + mr.iid()
              + ", so merge-gate cannot tell which policy it was merged under; re-run the job",
          null);
    }
    return mr.baseSha();
  }

  /**
   * Approvals and reviews as they stood when the MR was merged: an approval given later is dropped,
   * and a request for changes counts only if it stood at the merge.
   */
  private static ReviewFacts atMergeTime(MergedRequest mr, List<String> notes) {
    Instant mergedAt = mr.mergedAt();
    if (mergedAt == null) {
      throw GateException.external(
          "GitLab does not say when !"
              + mr.iid()
              + " was merged (no merged_at), so merge-gate cannot tell which approvals it was"
              + " merged with; nothing deployed",
          null);
    }
    List<Approval> kept = new ArrayList<>();
    for (Approval a : mr.facts().approvals()) {
      if (a.approvedAt() == null || a.approvedAt().isAfter(mergedAt)) {
        notes.add(
            "@"
                + a.username()
                + "'s approval does not count: "
                + (a.approvedAt() == null
                    ? "GitLab does not say when it was given"
                    : "given at " + a.approvedAt() + ", after the merge at " + mergedAt));
      } else {
        kept.add(a);
      }
    }
    ReviewFacts f = mr.facts();
    return new ReviewFacts(
        f.author(), f.headSha(), f.changes(), kept, f.versions(), f.reviews().asOf(mergedAt));
  }

  private PolicyFiles policyAt(String sha, String branch) {
    return PolicyFiles.read(new GitLabFiles(http, project, sha, branch + "@" + Sha.abbreviate(sha)))
        .requireValid();
  }

  private Verdict evaluate(PolicyFiles policy, ReviewFacts facts) {
    GroupsAndUsers gitlab = new GroupsAndUsers(http, project);
    return Evaluator.evaluate(policy, facts, owners -> gitlab.resolve(owners, facts.approvals()));
  }

  private BreakGlassPermission permission(PolicyFiles policy) {
    return new BreakGlassPermission(http, project, policy.policy().breakGlass().allowed());
  }

  /** A root commit has no "before": the defaults apply. */
  private record NoFiles(String branch) implements org.mergegate.review.RepositoryFiles {
    @Override
    public Optional<byte[]> read(String path) {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return branch + " before its first commit";
    }
  }
}
