package org.mergegate.serve;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.GitLabHttp;

/**
 * The projects {@code merge-gate serve} acts for, by numeric id, each with the webhook secret its
 * hook sends. A delivery is acted on only when it names a listed project and carries that project's
 * own secret: knowing the secret of one project never lets a sender act for another.
 */
public final class AllowedProjects {
  /** What a delivery's project and secret amount to. */
  public enum Admission {
    /** A listed project, with its own secret. */
    ALLOWED,
    /** A valid secret, but for a project serve is not set up for. */
    NOT_LISTED,
    /** A listed project, but the secret is another project's. */
    WRONG_SECRET
  }

  private final Map<Long, WebhookSecret> byProject;
  private final List<WebhookSecret> distinct;

  /**
   * @param byProject every allowed project id and its secret; at least one
   */
  public AllowedProjects(Map<Long, WebhookSecret> byProject) {
    if (byProject.isEmpty()) {
      throw new IllegalArgumentException("no project to serve");
    }
    this.byProject = Collections.unmodifiableMap(new TreeMap<>(byProject));
    List<WebhookSecret> secrets = new ArrayList<>();
    for (WebhookSecret s : this.byProject.values()) {
      if (!secrets.contains(s)) {
        secrets.add(s);
      }
    }
    this.distinct = List.copyOf(secrets);
  }

  /**
   * Looks each configured project up in GitLab once, at start-up ({@code GET /projects/:id}): a
   * path becomes the numeric id that deliveries carry, and a typo or a project the token cannot see
   * stops serve before it listens, instead of failing every delivery later.
   *
   * @param secrets each project as configured (numeric id or full path) and its secret, in order
   * @throws GateException exit 2 for a project GitLab does not show the token, or one listed twice
   *     with different secrets; exit 3 when GitLab fails
   */
  public static AllowedProjects resolve(GitLabHttp gitlab, Map<String, WebhookSecret> secrets) {
    Map<Long, WebhookSecret> byId = new LinkedHashMap<>();
    for (Map.Entry<String, WebhookSecret> e : secrets.entrySet()) {
      String name = e.getKey();
      long id;
      try {
        id =
            gitlab
                .get("/projects/" + GitLabHttp.segment(name), "the project " + name)
                .body()
                .path("id")
                .asLong(0);
      } catch (GitLabHttp.NotFound notFound) {
        throw GateException.config(
            "--project "
                + name
                + ": GitLab answers 404 (no such project, or the token cannot see it);"
                + " check the id or path and the token's membership");
      }
      if (id <= 0) {
        throw GateException.external("GitLab sent project " + name + " without an id", null);
      }
      WebhookSecret before = byId.putIfAbsent(id, e.getValue());
      if (before != null && !before.equals(e.getValue())) {
        throw GateException.config(
            "project " + id + " is listed twice with different webhook secrets; list it once");
      }
    }
    return new AllowedProjects(byId);
  }

  /** One project with one secret (tests, single-project set-ups). */
  public static AllowedProjects of(long project, WebhookSecret secret) {
    return new AllowedProjects(Map.of(project, secret));
  }

  /**
   * Whether the header is the secret of any listed project. Checked before the body is read, so
   * that an unauthenticated sender costs nothing; every secret is compared, match or not, so the
   * time taken does not tell which one matched.
   */
  public boolean anyMatches(String header) {
    WebhookSecret.Presented presented = WebhookSecret.Presented.of(header);
    boolean any = false;
    for (WebhookSecret s : distinct) {
      any |= s.matches(presented);
    }
    return any && header != null;
  }

  /** Whether a delivery for {@code project} carrying {@code header} may be acted on. */
  public Admission admit(long project, String header) {
    WebhookSecret secret = byProject.get(project);
    if (secret == null) {
      return Admission.NOT_LISTED;
    }
    return secret.matches(header) ? Admission.ALLOWED : Admission.WRONG_SECRET;
  }

  /** The allowed project ids, ascending. */
  public List<Long> ids() {
    return List.copyOf(byProject.keySet());
  }

  @Override
  public String toString() {
    return "AllowedProjects" + byProject.keySet();
  }
}
