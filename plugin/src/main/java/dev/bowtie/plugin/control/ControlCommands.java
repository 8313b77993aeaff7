package dev.bowtie.plugin.control;

import java.util.Locale;

/**
 * The control language of a running {@code bowtie live}, shared by its standard input and its
 * control socket: {@code bypass on|off|toggle}, {@code mix 0..1}, {@code voice NAME}, {@code
 * status}, {@code status json} and {@code help}. A change answers with the new settings; a mistake
 * throws {@link IllegalArgumentException} with one line saying what to write instead.
 *
 * <p>Stateless apart from its target; calls come from one control thread at a time.
 */
public final class ControlCommands implements ControlHandler {
  /** One line naming every command. */
  public static final String USAGE =
      "bypass on|off|toggle, mix 0..1, voice NAME, status, status json, help";

  private final ControlTarget target;

  /**
   * @param target what the commands change
   */
  public ControlCommands(ControlTarget target) {
    this.target = target;
  }

  @Override
  public String handle(String line) {
    String[] words = line.strip().split("\\s+", 2);
    String command = words[0].toLowerCase(Locale.ROOT);
    String argument = words.length > 1 ? words[1].strip() : "";
    switch (command) {
      case "bypass" -> target.setBypass(onOff(argument, target.bypass()));
      case "mix" -> target.setMix(mix(argument));
      case "voice" -> {
        if (argument.isEmpty()) {
          throw new IllegalArgumentException("'voice' needs a name; 'bowtie voices' lists them");
        }
        target.setVoice(argument);
      }
      case "status" -> {
        return argument.equals("json") ? target.statusJson() : target.statusText();
      }
      case "help" -> {
        return USAGE;
      }
      default ->
          throw new IllegalArgumentException(
              "unknown command '" + shorten(line) + "'; use: " + USAGE);
    }
    return target.settingsText();
  }

  private static boolean onOff(String argument, boolean now) {
    return switch (argument.toLowerCase(Locale.ROOT)) {
      case "on" -> true;
      case "off" -> false;
      case "toggle" -> !now;
      default ->
          throw new IllegalArgumentException(
              "bypass takes on, off or toggle, not '" + shorten(argument) + "'");
    };
  }

  private static float mix(String argument) {
    float wet;
    try {
      wet = Float.parseFloat(argument);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "mix takes a number from 0 (dry) to 1 (voice only), not '" + shorten(argument) + "'");
    }
    if (!(wet >= 0f && wet <= 1f)) {
      throw new IllegalArgumentException(
          "mix takes a number from 0 (dry) to 1 (voice only), not " + argument);
    }
    return wet;
  }

  /** Echoes at most 40 characters of what a client sent, so a reply stays one short line. */
  private static String shorten(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
  }
}
