package dev.bowtie.plugin.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bowtie bench}: the group of measurements of Bowtie's speed on this machine. Alone it
 * prints its usage; the measurements are its subcommands.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure Bowtie's speed on this machine.",
    subcommands = {BenchHopCommand.class, BenchLatencyCommand.class, BenchStreamsCommand.class})
final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The command line as the user typed it, for a report: {@code bowtie bench ...}. */
  static String typed(CommandLine.Model.CommandSpec spec) {
    return "bowtie " + String.join(" ", spec.root().commandLine().getParseResult().originalArgs());
  }
}
