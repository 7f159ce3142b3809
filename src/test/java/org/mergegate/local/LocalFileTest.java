package org.mergegate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;

/** Files a person names on the command line: present means read or refused, never "absent". */
class LocalFileTest {
  @TempDir Path tmp;

  @Test
  void aPipeIsReadLikeAFileSoProcessSubstitutionWorks() throws Exception {
    // What `--changed-files <(git diff --name-only main)` hands the gate.
    Path fifo = tmp.resolve("fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("src/a.py\nsrc/b.py\n".getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });

    assertThat(LocalFile.readText(fifo, "--changed-files " + fifo))
        .isEqualTo("src/a.py\nsrc/b.py\n");
    writer.join();
  }

  @Test
  void anEndlessDeviceStopsAtTheLimitInsteadOfFillingTheHeap() {
    assertThatThrownBy(() -> LocalFile.read(Path.of("/dev/zero"), "members file /dev/zero"))
        .hasMessage("members file /dev/zero is over the 10 MiB limit: is it really a text file?");
  }

  @Test
  void aFileThatExistsButCannotBeOpenedSaysWhy() throws IOException {
    // A socket is there (ls shows it) but cannot be read, even by root, who ignores chmod 000.
    Path socketFile = tmp.resolve("CODEOWNERS");
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(socketFile));
      assertThatThrownBy(() -> LocalFile.read(socketFile, "CODEOWNERS file " + socketFile))
          .isInstanceOfSatisfying(
              GateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG))
          .hasMessageStartingWith("cannot read CODEOWNERS file " + socketFile + ": ")
          .hasMessageNotContaining("Exception");
    }
  }

  @Test
  void aDanglingLinkIsNamedAsSuch() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("members.yml"), tmp.resolve("gone.yml"));
    assertThatThrownBy(() -> LocalFile.read(link, "members file members.yml"))
        .hasMessage("members file members.yml is a symbolic link to a file that does not exist");
  }

  @Test
  void textMustBeUtf8() throws IOException {
    Path file = Files.write(tmp.resolve("changed.txt"), new byte[] {'a', (byte) 0xC3, 0x28});
    assertThatThrownBy(() -> LocalFile.readText(file, "--changed-files changed.txt"))
        .hasMessage("--changed-files changed.txt is not valid UTF-8: save it as UTF-8 text");
  }
}
