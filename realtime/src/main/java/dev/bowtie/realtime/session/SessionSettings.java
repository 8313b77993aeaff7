package dev.bowtie.realtime.session;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.ring.WaitStrategyKind;

/**
 * How a {@link LiveSession} runs. Immutable; the ranges are the caller's to check.
 *
 * @param analysis the engine's analysis settings
 * @param synthesis how the voice is resynthesised
 * @param pitchSemitones pitch shift applied to every voice the session speaks with, -24..24
 * @param bufferMillis each device line's buffer, 2..1000 ms
 * @param waitStrategy how the voice thread waits for audio
 * @param realtimePriority SCHED_RR priority of the audio threads, 0 (off)..99
 * @param retrySeconds how long to retry a device that went away, 0..86400
 * @param bypass whether the session starts playing the input unchanged
 * @param wetMix dry/wet mix at start, 0 (dry) .. 1 (voice only)
 */
public record SessionSettings(
    AnalysisSettings analysis,
    SynthesisMode synthesis,
    double pitchSemitones,
    int bufferMillis,
    WaitStrategyKind waitStrategy,
    int realtimePriority,
    int retrySeconds,
    boolean bypass,
    float wetMix) {

  /** The longest device buffer, in ms. */
  public static final int MAX_BUFFER_MILLIS = 1000;

  /** The longest retry window, in seconds: a day. */
  public static final int MAX_RETRY_SECONDS = 86_400;
}
