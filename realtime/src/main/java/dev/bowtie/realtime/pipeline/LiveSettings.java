package dev.bowtie.realtime.pipeline;

import java.util.Objects;

/**
 * Everything a user can change while the loop runs, as one immutable value: the voice, bypass and
 * the dry/wet mix. The control side builds a new value and swaps it into an {@code
 * AtomicReference}; the voice thread reads the reference once per hop and crossfades from the value
 * it had to the new one, so a change is never half-applied and never clicks.
 *
 * @param voiceName the name shown in the status line
 * @param voice the voice, prepared (allocated) by the control side before the swap; from then on
 *     only the voice thread calls it
 * @param bypass play the input unchanged (after resampling), skipping the voice: Bowtie's plain
 *     pass-through, with the voice's latency removed
 * @param wetMix 1 plays only the voice, 0 only the (latency-aligned) dry input
 */
public record LiveSettings(String voiceName, HopProcessor voice, boolean bypass, float wetMix) {

  /** Checks that the voice is present and the mix is in [0, 1]. */
  public LiveSettings {
    Objects.requireNonNull(voiceName, "voiceName");
    Objects.requireNonNull(voice, "voice");
    if (!(wetMix >= 0f && wetMix <= 1f)) {
      throw new IllegalArgumentException("dry/wet mix " + wetMix + " must be between 0 and 1");
    }
  }

  /**
   * @param on whether to bypass the voice
   * @return a copy with bypass set
   */
  public LiveSettings withBypass(boolean on) {
    return new LiveSettings(voiceName, voice, on, wetMix);
  }

  /**
   * @param mix the new dry/wet mix in [0, 1]
   * @return a copy with that mix
   */
  public LiveSettings withWetMix(float mix) {
    return new LiveSettings(voiceName, voice, bypass, mix);
  }

  /**
   * @param name the new voice's name
   * @param processor the new voice, already prepared
   * @return a copy playing that voice
   */
  public LiveSettings withVoice(String name, HopProcessor processor) {
    return new LiveSettings(name, processor, bypass, wetMix);
  }
}
