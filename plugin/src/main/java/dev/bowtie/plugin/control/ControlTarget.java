package dev.bowtie.plugin.control;

/**
 * What remote control can change in a running voice changer. Implementations take effect with the
 * engine's crossfade and never block for long; each method is called on a control thread.
 */
public interface ControlTarget {
  /**
   * @param on true to play the input unchanged
   */
  void setBypass(boolean on);

  /**
   * @return whether the input is played unchanged
   */
  boolean bypass();

  /**
   * @param wet 0 = dry only, 1 = voice only
   * @throws IllegalArgumentException outside 0..1 or not finite
   */
  void setMix(float wet);

  /**
   * Switches to a voice, loading it first; the old voice keeps playing until the new one is ready.
   *
   * @param name a voice or blend as {@code bowtie voices} lists them
   * @throws IllegalArgumentException naming the unknown voice and the choices
   */
  void setVoice(String name);

  /**
   * @return the current settings in one line, such as {@code voice slt, bypass off, mix 1.00}
   */
  String settingsText();

  /**
   * @return the latest status as one JSON object, on one line
   */
  String statusJson();

  /**
   * @return the latest status in one line for people
   */
  String statusText();
}
