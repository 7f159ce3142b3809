package org.mergegate.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.http.HttpTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // Every CI job prints the version first: no command model needed for that.
      return printVersion(out, err);
    }
    Main main = new Main();
    Class<?> only = SUBCOMMANDS.get(subcommandOf(args));
    // The template's check job: its first reads start now, while picocli builds the command.
    CheckPrefetch prefetch =
        only == CheckCommand.class ? CheckPrefetch.startIfPlain(args, env) : null;
    CommandLine.IFactory factory = withEnvironment(env, prefetch);
    if (only != null
        && only != ExplainCommand.class
        && only != OwnersCommand.class
        && only != ValidateCommand.class) {
      // GitLab over HTTPS: set up TLS while picocli builds the command (a guess; the command
      // still uses the URL it is given, and an unused warm-up costs one background thread).
      HttpTransport.warmUpTls(gitlabUrlGuess(args, env));
    }
    CommandLine cli =
        only == null
            ? new CommandLine(main, factory)
            : withOnly(main, subcommandOf(args), only, factory);
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
    try {
      return cli.execute(args);
    } finally {
      if (prefetch != null) {
        prefetch.closeUnlessAdopted();
      }
    }
  }

  private static int printVersion(PrintWriter out, PrintWriter err) {
    try {
      for (String line : new VersionProvider().getVersion()) {
        out.println(line);
      }
      out.flush();
      return ExitCode.OK;
    } catch (java.io.IOException e) {
      err.println("merge-gate: cannot read the version stamped into the jar: " + e.getMessage());
      return ExitCode.EXTERNAL;
    }
  }

  /**
   * The subcommands by name, in the order the annotation lists them. A command line that names one
   * of them gets a model of that one alone: picocli builds every command's model by reflection
   * before running any, which a CI job would pay at each start.
   */
  private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  /** The names that get a model of their own command alone: every subcommand but help. */
  static java.util.Set<String> modelledAlone() {
    return SUBCOMMANDS.keySet();
  }

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    byName.put("check", CheckCommand.class);
    byName.put("break-glass", BreakGlassCommand.class);
    byName.put("deploy", DeployCommand.class);
    byName.put("audit", AuditCommand.class);
    byName.put("explain", ExplainCommand.class);
    byName.put("owners", OwnersCommand.class);
    byName.put("validate", ValidateCommand.class);
    byName.put("serve", ServeCommand.class);
    return byName;
  }

  /**
   * The subcommand a command line runs when nothing but {@code --debug} precedes it, else {@code
   * null} (help, version, a typo: those get the whole model, so usage and suggestions list every
   * command).
   */
  static String subcommandOf(String[] args) {
    for (String arg : args) {
      if (!arg.equals("--debug")) {
        return arg.startsWith("-") ? null : arg;
      }
    }
    return null;
  }

  /** The GitLab URL a command will probably use: its --gitlab-url, else the CI variables. */
  static String gitlabUrlGuess(String[] args, Map<String, String> env) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--gitlab-url") && i + 1 < args.length) {
        return args[i + 1];
      }
      if (args[i].startsWith("--gitlab-url=")) {
        return args[i].substring("--gitlab-url=".length());
      }
    }
    String url = env.get("CI_API_V4_URL");
    return url != null && !url.isBlank() ? url : env.get("MERGE_GATE_GITLAB_URL");
  }

  /**
   * The root command, its {@code --debug} option and one subcommand, without reflection on Main.
   */
  private static CommandLine withOnly(
      Main main, String name, Class<?> command, CommandLine.IFactory factory) {
    CommandSpec root = CommandSpec.wrapWithoutInspection(main, factory);
    root.name("merge-gate");
    root.addOption(
        OptionSpec.builder("--debug")
            .arity("0")
            .type(boolean.class)
            .initialValue(Boolean.FALSE)
            .hasInitialValue(true)
            .scopeType(CommandLine.ScopeType.INHERIT)
            .description("Print stack traces of failures (never tokens).")
            .setter(
                new CommandLine.Model.ISetter() {
                  @Override
                  @SuppressWarnings("unchecked")
                  public <T> T set(T value) {
                    boolean old = main.debug;
                    main.debug = Boolean.TRUE.equals(value);
                    return (T) Boolean.valueOf(old);
                  }
                })
            .getter(
                new CommandLine.Model.IGetter() {
                  @Override
                  @SuppressWarnings("unchecked")
                  public <T> T get() {
                    return (T) Boolean.valueOf(main.debug);
                  }
                })
            .build());
    CommandLine cli = new CommandLine(root, factory);
    cli.addSubcommand(name, command);
    return cli;
  }

  private static CommandLine.IFactory withEnvironment(
      Map<String, String> env, CheckPrefetch prefetch) {
    CommandLine.IFactory fallback = CommandLine.defaultFactory();
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        if (cls == CheckCommand.class && prefetch != null) {
          return cls.cast(new CheckCommand(env, prefetch));
        }
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
