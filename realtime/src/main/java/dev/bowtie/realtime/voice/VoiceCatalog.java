package dev.bowtie.realtime.voice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The voices a user can pick by name. Each lookup makes a fresh {@link Voice}, so every stream owns
 * its own.
 *
 * <p>Thread-safe: the catalogue is fixed at construction.
 */
public final class VoiceCatalog {
  private final Map<String, Supplier<Voice>> voices = new LinkedHashMap<>();

  /** The built-in voices, which need no model. */
  public static VoiceCatalog builtIn() {
    VoiceCatalog catalog = new VoiceCatalog();
    catalog.voices.put(IdentityVoice.NAME, IdentityVoice::new);
    return catalog;
  }

  /** Names of every voice, in the order users see them. */
  public List<String> names() {
    return List.copyOf(voices.keySet());
  }

  /**
   * Makes the voice called {@code name}.
   *
   * @throws IllegalArgumentException naming the unknown voice and listing the known ones
   */
  public Voice create(String name) {
    Supplier<Voice> voice = voices.get(name);
    if (voice == null) {
      throw new IllegalArgumentException(
          "unknown voice '" + name + "'; choose one of: " + String.join(", ", names()));
    }
    return voice.get();
  }
}
