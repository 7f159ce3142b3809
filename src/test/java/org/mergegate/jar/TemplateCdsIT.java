package org.mergegate.jar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.bench.CheckBenchmark;
import org.mergegate.bench.TemplateJob;
import org.mergegate.gitlab.FakeGitLab;

/**
 * The check job of ci-templates/merge-gate.yml with its class-data sharing archive, run as a runner
 * runs it (sh, the template's own scripts, the shaded jar downloaded from a fake package registry).
 * The archive is code kept in a cache other jobs can write: only an archive this template sealed
 * with the token is ever used, a jar that fails its checksum never runs, and wherever the archive
 * cannot apply the job runs exactly as without it.
 */
class TemplateCdsIT {
  @TempDir Path tmp;
  private final FakeGitLab gitlab = new FakeGitLab();

  @AfterEach
  void stop() {
    gitlab.close();
  }

  private TemplateJob job() throws IOException {
    CheckBenchmark.scenario(gitlab, 10);
    return new TemplateJob(tmp.resolve("job"), JarRunner.JAR, gitlab);
  }

  private Path cds(TemplateJob job) {
    return job.dir().resolve(".merge-gate-cds");
  }

  private List<Path> archives(TemplateJob job) throws IOException {
    if (!Files.isDirectory(cds(job))) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cds(job))) {
      return files.filter(f -> f.toString().endsWith(".jsa")).toList();
    }
  }

  private static String verdict(TemplateJob.Run run) {
    return run.output()
        .lines()
        .filter(l -> l.startsWith("merge-gate: SATISFIED"))
        .findFirst()
        .orElse("(no verdict) " + run.output());
  }

  @Test
  void theSecondJobSealsAnArchiveAndLaterJobsStartFromItWithTheSameVerdict() throws Exception {
    TemplateJob job = job();
    TemplateJob.Run first = job.run();
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.javaToolOptions()).doesNotContain("SharedArchiveFile");
    assertThat(archives(job)).isEmpty();

    TemplateJob.Run second = job.run();
    assertThat(second.exitCode()).isZero();
    assertThat(second.javaToolOptions()).doesNotContain("SharedArchiveFile");
    assertThat(archives(job)).hasSize(1);

    Path classLog = tmp.resolve("classes.log");
    job.env("JDK_JAVA_OPTIONS", "-Xlog:class+load:file=" + classLog);
    TemplateJob.Run third = job.run();
    assertThat(third.exitCode()).isZero();
    assertThat(third.javaToolOptions()).contains("-XX:SharedArchiveFile=" + archives(job).get(0));
    assertThat(Files.readString(classLog))
        .contains("org.mergegate.cli.Main source: shared objects file (top)");
    assertThat(verdict(third)).isEqualTo(verdict(first)).startsWith("merge-gate: SATISFIED");
  }

  @Test
  void aJarThatFailsItsChecksumNeverRunsNotEvenToWriteAnArchive() throws Exception {
    TemplateJob job = job();
    byte[] real = Files.readAllBytes(JarRunner.JAR);
    byte[] swapped = java.util.Arrays.copyOf(real, real.length + 1);
    job.serveJar(swapped);
    for (int run = 0; run < 3; run++) {
      TemplateJob.Run r = job.run();
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.output()).contains("merge-gate.jar does not match jar_sha256");
      assertThat(r.javaMillis()).as("no java ran").isEmpty();
    }
    assertThat(archives(job)).isEmpty();
  }

  @Test
  void anArchivePlantedInTheCacheIsNeverUsed() throws Exception {
    TemplateJob job = job();
    job.run();
    job.run();
    Path archive = archives(job).get(0);
    // An archive the JVM itself would accept (same jar, same path and mtime, same JDK), written
    // by someone without the token, in place of the sealed one.
    Path planted = tmp.resolve("planted.jsa");
    Process dump =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ArchiveClassesAtExit=" + planted,
                "-jar",
                "merge-gate.jar",
                "--version")
            .directory(job.dir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(dump.waitFor()).isZero();
    Files.delete(archive);
    Files.copy(planted, archive);
    TemplateJob.Run withForeignArchive = job.run();
    assertThat(withForeignArchive.exitCode()).isZero();
    assertThat(withForeignArchive.javaToolOptions()).doesNotContain("SharedArchiveFile");

    // Nor does a seal made with a guessed token help.
    Files.writeString(Path.of(archive + ".mac"), "0".repeat(64) + "\n");
    TemplateJob.Run withForgedSeal = job.run();
    assertThat(withForgedSeal.exitCode()).isZero();
    assertThat(withForgedSeal.javaToolOptions()).doesNotContain("SharedArchiveFile");
    assertThat(verdict(withForgedSeal)).startsWith("merge-gate: SATISFIED");
  }

  @Test
  void whereTheCacheCannotBeWrittenTheJobRunsWithoutAnArchive() throws Exception {
    TemplateJob job = job();
    Files.writeString(cds(job), "not a directory");
    for (int run = 0; run < 3; run++) {
      TemplateJob.Run r = job.run();
      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.javaToolOptions()).doesNotContain("SharedArchiveFile");
      assertThat(verdict(r)).startsWith("merge-gate: SATISFIED");
    }
  }

  @Test
  void anotherJdkDoesNotPickUpTheArchiveOfThisOne() throws Exception {
    TemplateJob job = job();
    job.run();
    job.run();
    assertThat(archives(job)).hasSize(1);
    Path otherJdk = Files.createDirectories(tmp.resolve("other-jdk"));
    Files.writeString(otherJdk.resolve("release"), "JAVA_VERSION=\"21.0.5\"\n");
    job.env("JAVA_HOME", otherJdk.toString());
    TemplateJob.Run r = job.run();
    assertThat(r.exitCode()).isZero();
    assertThat(r.javaToolOptions()).doesNotContain("SharedArchiveFile");
    assertThat(verdict(r)).startsWith("merge-gate: SATISFIED");
  }
}
