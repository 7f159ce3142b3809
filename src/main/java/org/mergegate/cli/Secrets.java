package org.mergegate.cli;

import java.nio.file.Path;
import java.util.Map;
import org.mergegate.exit.GateException;
import org.mergegate.local.LocalFile;

/**
 * Secrets come from a file or an environment variable, never from a flag that shows in {@code ps},
 * and never appear in a message.
 */
final class Secrets {
  private Secrets() {}

  /**
   * @param file the {@code --…-file} option, or null to use {@code variable}
   * @param what how messages name it, e.g. {@code GitLab token}
   * @param missing the message when neither the file nor the variable is given
   */
  static String read(
      Path file, Map<String, String> env, String variable, String what, String missing) {
    String value = file != null ? readFile(file, what) : GitLabOptions.nonBlank(env.get(variable));
    if (value == null) {
      throw GateException.config(missing);
    }
    value = value.strip();
    if (value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw GateException.config("the " + what + " contains spaces or control characters");
    }
    return value;
  }

  static String readFile(Path file, String what) {
    // LocalFile's messages name the file and the reason, never its content.
    String text = LocalFile.readText(file, "the " + what + " file " + file).strip();
    if (text.isEmpty()) {
      throw GateException.config("the " + what + " file " + file + " is empty");
    }
    return text;
  }
}
