package dev.bowtie.realtime.voice;

import dev.bowtie.realtime.model.VoiceModel;
import java.util.function.Supplier;

/**
 * Makes voices by name for a program that switches voices while it runs: the built-in voices at
 * once, and the voice pack's speakers and blends from the first time one is asked for, when it
 * opens the pack. So a loop started with a built-in voice can still switch to any pack voice, and
 * one that never needs the pack never pays for opening it.
 *
 * <p>Thread rules: one thread at a time (a start-up thread, then a control thread that it hands
 * over to with a happens-before edge, such as {@link Thread#start}); never the audio thread, since
 * opening a pack takes a while. It closes the model it opened itself on {@link #close}, after the
 * caller has closed the voices made from it; a model given at construction stays the giver's.
 */
public final class VoiceLoader implements AutoCloseable {
  private final Supplier<VoiceModel> openPack;
  private VoiceCatalog catalog;
  private VoiceModel opened;
  private boolean packLoaded;

  /**
   * @param catalog the voices available now: {@link VoiceCatalog#withModel} when a pack is open
   *     already, else {@link VoiceCatalog#builtIn}
   * @param packLoaded whether {@code catalog} already holds a pack's voices
   * @param openPack opens the pack when a voice not in {@code catalog} is asked for; returns null
   *     when there is none, throws with a one-line message when it cannot be opened
   */
  public VoiceLoader(VoiceCatalog catalog, boolean packLoaded, Supplier<VoiceModel> openPack) {
    this.catalog = catalog;
    this.packLoaded = packLoaded;
    this.openPack = openPack;
  }

  /**
   * Makes the voice {@code selection} (a name or a blend), with its F0 moved by {@code semitones};
   * opens the pack first if the voice is not built in and no pack is open yet.
   *
   * @throws IllegalArgumentException for a voice that neither the built-ins nor the pack have
   * @throws RuntimeException whatever {@code openPack} throws for a pack that cannot be opened
   */
  public Voice create(String selection, double semitones) {
    if (!packLoaded && !catalog.names().contains(selection)) {
      VoiceModel model = openPack.get();
      if (model == null) {
        throw new IllegalArgumentException(
            "unknown voice '"
                + selection
                + "': there is no voice pack to find it in; built-in voices: "
                + String.join(", ", catalog.names()));
      }
      opened = model;
      catalog = VoiceCatalog.withModel(model);
      packLoaded = true;
    }
    return catalog.create(selection, semitones);
  }

  /** Closes the model this loader opened, if any. */
  @Override
  public void close() {
    if (opened != null) {
      opened.close();
      opened = null;
    }
  }
}
