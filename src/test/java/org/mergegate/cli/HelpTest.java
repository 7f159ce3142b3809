package org.mergegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help shows how to run it. */
class HelpTest {
  @Test
  void everyCommandsHelpShowsAnExample() {
    CommandLine root = new CommandLine(new Main());
    assertThat(root.getSubcommands().keySet())
        .contains("check", "explain", "owners", "validate", "break-glass", "deploy");
    for (String name : root.getSubcommands().keySet()) {
      if (name.equals("help")) {
        continue;
      }
      StringWriter out = new StringWriter();
      int code =
          Main.run(
              new String[] {name, "--help"},
              new PrintWriter(out, true),
              new PrintWriter(new StringWriter()),
              Map.of());
      assertThat(code).as(name).isZero();
      assertThat(out.toString())
          .as(name + " --help")
          .containsIgnoringCase("example")
          .contains("merge-gate");
    }
  }
}
