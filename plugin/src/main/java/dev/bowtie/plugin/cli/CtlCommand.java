package dev.bowtie.plugin.cli;

import dev.bowtie.plugin.control.ControlClient;
import dev.bowtie.plugin.control.ControlCommands;
import dev.bowtie.plugin.control.ControlException;
import dev.bowtie.plugin.control.ControlSocket;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bowtie ctl}: changes a running {@code bowtie live} from another terminal, a desktop
 * shortcut, an OBS hotkey or a Stream Deck, through its control socket. Prints the reply; a refused
 * command exits 1 with the reason.
 */
@Command(
    name = "ctl",
    mixinStandardHelpOptions = true,
    description = {
      "Control a running 'bowtie live': for hotkeys and stream decks.",
      "Commands: " + ControlCommands.USAGE + ".",
      "Examples: bowtie ctl bypass toggle; bowtie ctl voice slt; bowtie ctl mix 0.5;"
          + " bowtie ctl status --json"
    })
public final class CtlCommand implements Callable<Integer> {
  /** Long enough for a voice switch that opens the voice pack and warms the voice up. */
  private static final long REPLY_TIMEOUT_MILLIS = 30_000;

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "What to change or ask.")
  List<String> words;

  @Option(names = "--json", description = "With status: one JSON object instead of text.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    String line = String.join(" ", words) + (json ? " json" : "");
    String reply;
    try {
      reply = ControlClient.send(ControlSocket.path(System.getenv()), line, REPLY_TIMEOUT_MILLIS);
    } catch (ControlException e) {
      throw new UserError(e.getMessage(), e);
    }
    if (reply.startsWith("error: ")) {
      throw new UserError("ctl " + line + ": " + reply.substring("error: ".length()));
    }
    spec.commandLine().getOut().println(reply);
    return 0;
  }
}
