package org.mergegate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.review.ChangedPath;
import org.mergegate.review.ChangedPath.Status;
import org.mergegate.review.RepositoryFiles;

/** Runs real git in a scratch repository: the diff and file reads explain depends on. */
class LocalRepositoryTest {
  @TempDir Path dir;
  Git git;

  @BeforeEach
  void initRepository() throws IOException {
    git = new Git(dir);
    git.run("init", "-q", "-b", "main");
    git.run("config", "user.email", "dev@example.org");
    git.run("config", "user.name", "Dev");
    write("CODEOWNERS", "/analytics/ @ana\n");
    write("analytics/old_name.py", "print('a')\n".repeat(20));
    write("search/gone.py", "x = 1\n");
    write("docs/readme.md", "docs\n");
    git.run("add", "-A");
    git.run("commit", "-q", "-m", "base");
    git.run("checkout", "-q", "-b", "feature");
  }

  @Test
  void changesListAddedModifiedDeletedAndBothSidesOfARename() throws IOException {
    Files.createDirectories(dir.resolve("platform_eng"));
    git.run("mv", "analytics/old_name.py", "platform_eng/new_name.py");
    git.run("rm", "-q", "search/gone.py");
    write("docs/readme.md", "more docs\n");
    write("new dir/file\nwith newline.txt", "odd but legal\n");
    write("CODEOWNERS", "/analytics/ @mallory\n");
    git.run("add", "-A");
    git.run("commit", "-q", "-m", "change");

    LocalRepository repo = LocalRepository.openTopLevel(dir);
    List<ChangedPath> changes = repo.changes("main", "HEAD");

    assertThat(changes)
        .containsExactlyInAnyOrder(
            new ChangedPath("CODEOWNERS", "CODEOWNERS", Status.MODIFIED),
            new ChangedPath("analytics/old_name.py", "platform_eng/new_name.py", Status.RENAMED),
            new ChangedPath("docs/readme.md", "docs/readme.md", Status.MODIFIED),
            new ChangedPath(
                "new dir/file\nwith newline.txt", "new dir/file\nwith newline.txt", Status.ADDED),
            new ChangedPath("search/gone.py", "search/gone.py", Status.DELETED));
  }

  @Test
  void filesAreReadAtTheBaseNotFromTheWorkingTree() throws IOException {
    write("CODEOWNERS", "* @mallory\n");
    git.run("commit", "-q", "-am", "weaken");

    RepositoryFiles atBase = LocalRepository.openTopLevel(dir).filesAt("main");

    assertThat(atBase.read("CODEOWNERS"))
        .map(b -> new String(b, StandardCharsets.UTF_8))
        .contains("/analytics/ @ana\n");
    assertThat(atBase.read(".gitlab/merge-gate.yml")).isEmpty();
    assertThat(atBase.describe()).startsWith("main@");
  }

  @Test
  void aFolderInsideAnotherRepositoryIsNotATopLevel() throws IOException {
    assertThat(LocalRepository.openTopLevel(dir)).isNotNull();
    assertThat(LocalRepository.openTopLevel(dir.resolve("docs"))).isNull();
  }

  @Test
  void aPathThatIsADirectoryOrASymlinkAtTheBaseIsRefusedNotTakenAsAbsent() throws IOException {
    write(".gitlab/merge-gate.yml/oops", "not a policy\n");
    write("owners/REAL", "* @mallory\n");
    Files.delete(dir.resolve("CODEOWNERS"));
    Files.createSymbolicLink(dir.resolve("CODEOWNERS"), Path.of("owners/REAL"));
    write("weird[name]*.txt", "literal\n");
    git.run("add", "-A");
    git.run("commit", "-q", "-m", "odd shapes");

    RepositoryFiles files = LocalRepository.openTopLevel(dir).filesAt("HEAD");

    assertThatThrownBy(() -> files.read(".gitlab/merge-gate.yml"))
        .hasMessageStartingWith(".gitlab/merge-gate.yml at HEAD@")
        .hasMessageEndingWith(" is a directory, not a file");
    assertThatThrownBy(() -> files.read("CODEOWNERS"))
        .hasMessageContaining("is a symbolic link, which GitLab reads as the link itself");
    // Paths are literal, never patterns: "docs/*" must not find docs/readme.md.
    assertThat(files.read("docs/*")).isEmpty();
    assertThat(files.read("weird[name]*.txt"))
        .map(b -> new String(b, StandardCharsets.UTF_8))
        .contains("literal\n");
    assertThat(files.read("docs/CODEOWNERS")).isEmpty();
    assertThatThrownBy(() -> files.read("../CODEOWNERS"))
        .hasMessageContaining("relative to the repository root");
  }

  @Test
  void unknownRevisionsAreUsageErrors() {
    LocalRepository repo = LocalRepository.openTopLevel(dir);
    assertThatThrownBy(() -> repo.changes("no-such-branch", "HEAD"))
        .hasMessageContaining("unknown revision 'no-such-branch'");
  }

  @Test
  void defaultBaseIsMainWithoutAnUpstream() {
    assertThat(LocalRepository.openTopLevel(dir).defaultBase()).isEqualTo("main");
  }

  private void write(String path, String content) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
