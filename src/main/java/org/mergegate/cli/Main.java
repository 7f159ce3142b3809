package org.mergegate.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the merge-gate jar: wires the subcommands and turns failures into exit codes. */
@Command(
    name = "merge-gate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Enforced peer review for GitLab Free: approvals and CODEOWNERS rules as a CI job.",
    subcommands = {
      CommandLine.HelpCommand.class,
      CheckCommand.class,
      BreakGlassCommand.class,
      DeployCommand.class,
      AuditCommand.class,
      ExplainCommand.class,
      OwnersCommand.class,
      ValidateCommand.class,
      ServeCommand.class
    },
    usageHelpAutoWidth = true)
public final class Main {
  @Option(
      names = "--debug",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of failures (never tokens).")
  boolean debug;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line; the testable core of {@link #main}. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, System.getenv());
  }

  /**
   * Runs one command line with {@code env} standing in for the environment: commands that read CI
   * variables take it through a constructor accepting a {@code Map}.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    Main main = new Main();
    CommandLine cli = new CommandLine(main, withEnvironment(env));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(
        e -> e instanceof GateException g ? g.exitCode() : ExitCode.EXTERNAL);
    // Bad flags are usage errors: exit 2 as design §1 says (picocli's default is also 2).
    cli.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().usage(err);
          err.println("merge-gate: " + e.getMessage() + " (see --help)");
          return ExitCode.CONFIG;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (main.debug) {
            e.printStackTrace(err);
          }
          err.println("merge-gate: " + oneLine(e));
          err.flush();
          return e instanceof GateException g ? g.exitCode() : ExitCode.EXTERNAL;
        });
    return cli.execute(args);
  }

  private static CommandLine.IFactory withEnvironment(Map<String, String> env) {
    CommandLine.IFactory fallback = CommandLine.defaultFactory();
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        try {
          var constructor = cls.getDeclaredConstructor(Map.class);
          return constructor.newInstance(env);
        } catch (NoSuchMethodException e) {
          return fallback.create(cls);
        }
      }
    };
  }

  /** The last line a person reads: the failure's own message, or its type for a bug. */
  private static String oneLine(Exception e) {
    if (e instanceof GateException) {
      return e.getMessage().replace('\n', ' ');
    }
    return "internal error ("
        + e.getClass().getSimpleName()
        + "); re-run with --debug and report it as a merge-gate bug";
  }
}
