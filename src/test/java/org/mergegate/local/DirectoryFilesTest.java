package org.mergegate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.policy.Policy;
import org.mergegate.policy.PolicyFiles;

/**
 * The checkout {@code validate} and {@code explain} read, built exactly as the commands build it:
 * {@code DirectoryFiles.open(workingDirectory, Path.of(whatTheUserTyped))}.
 */
class DirectoryFilesTest {
  Path tmp;
  Path checkout;

  @BeforeEach
  void layout(@TempDir Path dir) throws IOException {
    // Real paths throughout, so "the same files" can be compared exactly.
    tmp = dir.toRealPath();
    checkout = Files.createDirectory(tmp.resolve("checkout"));
    Files.createSymbolicLink(tmp.resolve("link-to-checkout"), checkout);
    Files.createDirectory(tmp.resolve("sibling"));
  }

  /** Each way a person names the checkout: working directory, then what they typed. */
  static Stream<Arguments> forms() {
    return Stream.of(
        Arguments.of("checkout", "."),
        Arguments.of("checkout", "./"),
        Arguments.of("checkout", ""),
        Arguments.of("checkout", "../checkout"),
        Arguments.of("sibling", "../checkout"),
        Arguments.of("sibling", "../link-to-checkout"),
        Arguments.of(".", "checkout"),
        Arguments.of(".", "./checkout/"),
        Arguments.of(".", "checkout/../checkout/."),
        Arguments.of(".", "link-to-checkout"),
        Arguments.of("link-to-checkout", "."),
        Arguments.of("sibling", "<absolute>"),
        Arguments.of("sibling", "<absolute link>"));
  }

  DirectoryFiles open(String workingDirectory, String typed) {
    String given =
        switch (typed) {
          case "<absolute>" -> checkout.toString();
          case "<absolute link>" -> tmp.resolve("link-to-checkout").toString();
          default -> typed;
        };
    return DirectoryFiles.open(tmp.resolve(workingDirectory), Path.of(given));
  }

  @ParameterizedTest(name = "from {0}, --repo ''{1}''")
  @MethodSource("forms")
  void everyFormReadsTheSameCheckout(String cwd, String typed) throws IOException {
    write(Policy.PATH, "approvals:\n  required: 2\n");
    write("CODEOWNERS", "* @alice\n");

    DirectoryFiles files = open(cwd, typed);

    assertThat(files.root()).isEqualTo(checkout);
    assertThat(files.read("CODEOWNERS")).map(DirectoryFilesTest::text).contains("* @alice\n");
    PolicyFiles policy = PolicyFiles.read(files).requireValid();
    assertThat(policy.policyFound()).isTrue();
    assertThat(policy.policy().approvals().required()).isEqualTo(2);
    assertThat(policy.codeOwnersPath()).isEqualTo("CODEOWNERS");
  }

  @ParameterizedTest(name = "from {0}, --repo ''{1}''")
  @MethodSource("forms")
  void everyFormRefusesABrokenPolicyWithExitTwo(String cwd, String typed) throws IOException {
    write(Policy.PATH, "approvals:\n  required: [oops\n");

    PolicyFiles policy = PolicyFiles.read(open(cwd, typed));

    assertThat(policy.problems()).singleElement().asString().contains("invalid YAML");
    assertThatThrownBy(policy::requireValid)
        .isInstanceOfSatisfying(
            GateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG));
  }

  @ParameterizedTest(name = "from {0}, --repo ''{1}''")
  @MethodSource("forms")
  void everyFormRefusesAnUnknownKey(String cwd, String typed) throws IOException {
    write(Policy.PATH, "approvals:\n  requried: 2\n");

    PolicyFiles policy = PolicyFiles.read(open(cwd, typed));

    assertThat(policy.problems()).singleElement().asString().startsWith(Policy.PATH + ":2: ");
    assertThatThrownBy(policy::requireValid).isInstanceOf(GateException.class);
  }

  @ParameterizedTest(name = "from {0}, --repo ''{1}''")
  @MethodSource("forms")
  void everyFormSeesAMissingPolicyAsTheDefaults(String cwd, String typed) {
    PolicyFiles policy = PolicyFiles.read(open(cwd, typed)).requireValid();

    assertThat(policy.policyFound()).isFalse();
    assertThat(policy.policy()).isEqualTo(Policy.defaults());
  }

  @Test
  void aDirectoryThatIsNotThereOrIsAFileIsAUsageError() throws IOException {
    assertThatThrownBy(() -> DirectoryFiles.open(tmp, Path.of("nowhere")))
        .hasMessage("nowhere does not exist: pass --repo with the checkout to read");
    write("README.md", "hello\n");
    assertThatThrownBy(() -> DirectoryFiles.open(checkout, Path.of("README.md")))
        .hasMessage("README.md is not a directory: pass --repo with the checkout to read");
  }

  @Test
  void namesThatClimbOutOrAreAbsoluteAreRefusedNotRead() throws IOException {
    Files.writeString(tmp.resolve("outside.yml"), "secret\n");
    DirectoryFiles files = open("checkout", ".");

    for (String name : List.of("../outside.yml", "/" + tmp + "/outside.yml", "./CODEOWNERS")) {
      assertThatThrownBy(() -> files.read(name))
          .as(name)
          .isInstanceOf(GateException.class)
          .hasMessageContaining("relative to the repository root");
    }
  }

  @Test
  void aSymlinkInsideTheCheckoutPointingOutsideIsRefusedAndSaysWhy() throws IOException {
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "* @mallory\n");
    Files.createSymbolicLink(checkout.resolve("CODEOWNERS"), secret);

    assertThatThrownBy(() -> open("checkout", ".").read("CODEOWNERS"))
        .isInstanceOfSatisfying(
            GateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG))
        .hasMessage(
            checkout.resolve("CODEOWNERS")
                + " leads outside "
                + checkout
                + " through a symbolic link: the gate reads only the checkout's own files");
  }

  @Test
  void aSymlinkedFolderLeadingOutsideIsRefusedToo() throws IOException {
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("merge-gate.yml"), "approvals:\n  required: 0\n");
    Files.createSymbolicLink(checkout.resolve(".gitlab"), elsewhere);

    assertThatThrownBy(() -> PolicyFiles.read(open("checkout", ".")))
        .hasMessageContaining("leads outside " + checkout);
  }

  @Test
  void aSymlinkWithinTheCheckoutIsRefusedBecauseGitLabWouldNotFollowIt() throws IOException {
    write("owners/REAL", "* @alice\n");
    Files.createSymbolicLink(checkout.resolve("CODEOWNERS"), Path.of("owners/REAL"));

    assertThatThrownBy(() -> open("checkout", ".").read("CODEOWNERS"))
        .hasMessageContaining("reached through a symbolic link (to owners/REAL)")
        .hasMessageContaining("GitLab does not follow");
  }

  @Test
  void aDanglingSymlinkIsPresentSoItIsRefusedNotTakenAsAbsent() throws IOException {
    Files.createSymbolicLink(checkout.resolve("CODEOWNERS"), Path.of("gone"));

    assertThatThrownBy(() -> open("checkout", ".").read("CODEOWNERS"))
        .hasMessageContaining("symbolic link to a file that does not exist");
  }

  @Test
  void aFileThatIsPresentButUnusableIsRefusedNeverTakenAsAbsent() throws IOException {
    Files.createDirectories(checkout.resolve(Policy.PATH));
    assertThatThrownBy(() -> PolicyFiles.read(open("checkout", ".")))
        .isInstanceOfSatisfying(
            GateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG))
        .hasMessage(checkout.resolve(Policy.PATH) + " is a directory, not a file");

    Files.delete(checkout.resolve(Policy.PATH));
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(checkout.resolve(Policy.PATH)));
      assertThatThrownBy(() -> PolicyFiles.read(open("checkout", ".")))
          .hasMessage(checkout.resolve(Policy.PATH) + " is not a regular file");
    }
  }

  @Test
  void aPolicyThatIsNotUtf8IsAProblemNotTheDefaults() throws IOException {
    Files.createDirectories(checkout.resolve(".gitlab"));
    Files.write(checkout.resolve(Policy.PATH), new byte[] {'a', (byte) 0xC3, 0x28, '\n'});

    PolicyFiles policy = PolicyFiles.read(open("checkout", "."));

    assertThat(policy.policyFound()).isTrue();
    assertThat(policy.policy()).isNull();
    assertThat(policy.problems()).singleElement().asString().contains("not valid UTF-8");
  }

  private void write(String path, String content) throws IOException {
    Path file = checkout.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
