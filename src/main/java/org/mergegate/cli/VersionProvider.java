package org.mergegate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version and the git commit the build stamped into the jar. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties git = new Properties();
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/org/mergegate/git.properties")) {
      if (in != null) {
        git.load(in);
      }
    }
    String version = git.getProperty("git.build.version", "unknown");
    String commit = git.getProperty("git.commit.id.abbrev", "unknown");
    String dirty = "true".equals(git.getProperty("git.dirty")) ? " (modified)" : "";
    return new String[] {"merge-gate " + version + " (commit " + commit + dirty + ")"};
  }
}
