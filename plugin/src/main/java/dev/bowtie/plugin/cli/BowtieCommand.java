package dev.bowtie.plugin.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bowtie} command: the entry point of the executable jar.
 *
 * <p>Exit codes: 0 on success, 1 for a user-facing failure (bad file, device or model; one line on
 * standard error, no stack trace), 2 for bad command-line arguments.
 */
@Command(
    name = "bowtie",
    mixinStandardHelpOptions = true,
    versionProvider = BowtieVersion.class,
    description =
        "Bowtie: a real-time voice changer. Speak into a microphone, be heard as someone else.",
    subcommands = {
      LiveCommand.class,
      CtlCommand.class,
      DevicesCommand.class,
      ConvertCommand.class,
      VoicesCommand.class,
      FeaturesCommand.class,
      BenchCommand.class
    })
public final class BowtieCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Builds the command line with Bowtie's error handling: a {@link UserError} prints its message as
   * one line and exits with 1; bad arguments print one line plus a hint and exit with 2.
   *
   * @return the configured command line
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new BowtieCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof UserError) {
            commandLine.getErr().println("bowtie: " + ex.getMessage());
            return 1;
          }
          throw ex;
        });
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("bowtie: " + ex.getMessage());
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return 2;
        });
    return cl;
  }

  /**
   * Runs the command and exits the JVM with its exit code.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
