package dev.bowtie.plugin.report;

import java.util.List;

/**
 * The settings of a {@code bench hop} run, as its report states them.
 *
 * @param command the command line as given, e.g. {@code bowtie bench hop --seconds 1}
 * @param voices the voices measured
 * @param seconds audio measured per voice and baseline
 * @param warmUpSeconds audio run first and not measured
 * @param deviceRateHz the rate hops come in and go out at
 * @param modelRateHz the engine's rate
 * @param hopSamples samples per hop at the model rate
 * @param synthesis {@code vocoder} or {@code residual}
 * @param inferenceDevice where the model ran ({@code cpu}, {@code cuda}); null without a pack
 * @param model the voice pack's location; null without a pack
 * @param tarsosFactor the TarsosDSP baseline's pitch factor
 * @param tarsosFrameSamples the TarsosDSP baseline's FFT frame
 */
public record BenchHopSettings(
    String command,
    List<String> voices,
    double seconds,
    double warmUpSeconds,
    int deviceRateHz,
    int modelRateHz,
    int hopSamples,
    String synthesis,
    String inferenceDevice,
    String model,
    double tarsosFactor,
    int tarsosFrameSamples) {}
