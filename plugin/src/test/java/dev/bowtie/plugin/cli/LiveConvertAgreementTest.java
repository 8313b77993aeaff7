package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.plugin.testing.BowtieProcess;
import dev.bowtie.plugin.testing.SoundServer;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.FeatureExtractor;
import dev.bowtie.realtime.testing.CepstralComparison;
import dev.bowtie.realtime.testing.Recording;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.Sox;
import dev.bowtie.realtime.testing.TestSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A neural voice sounds the same live as in a converted file: a speaker the bundled pack never
 * heard (espeak-ng's {@code en-us+m3}, held out of its training) says a sentence no recipe uses;
 * {@code bowtie convert --voice slt} converts the file, and {@code bowtie live --voice slt} plays
 * it on the private PulseAudio loop (paplay into {@code vc_in}, Bowtie reading {@code vc_mic} and
 * writing {@code vc_out}, parec recording {@code vc_out.monitor}). Both outputs are analysed by the
 * engine's own {@link FeatureExtractor} and compared frame by frame, each half second of speech at
 * its own best alignment ({@link CepstralComparison}).
 *
 * <p>Live is not bit-exact: its 5 ms hop grid falls anywhere in the sentence (convert's starts at
 * the first sample), so every frame is analysed from a slightly different window and the vocoder's
 * pulses and noise start at other phases; the sound also passes through PulseAudio twice and
 * through the drift corrector's interpolation. Convert against itself with the input delayed by 37,
 * 120 or 201 samples at 48 kHz (the hop grid alone) already differs by 1.0-1.8 dB. Measured on the
 * 2-core development VM over 19 runs of this test: mean MCD 2.20-2.51 dB, worst half-second segment
 * 2.63-3.37 dB, median F0 within 0.5% of convert's and 3.4-4.1% below flite slt's. The limits,
 * {@value #MAX_MEAN_MCD_DB} dB mean and {@value #MAX_SEGMENT_MCD_DB} dB per segment, sit well below
 * what a wrong voice gives: live with {@code --voice uk-woman} (the pack's voice nearest to slt)
 * measured 7.21 dB mean and 6.15 dB in its best segment; with the identity voice 12.92-13.01 dB
 * mean, 11.42 dB in its best segment, and a median F0 of 103 Hz.
 *
 * <p>A pass is only comparable if the loop ran the voice on every hop: one that reports a slow
 * fallback (the loop fell behind and played a second of the dry voice) or skipped hops (after the
 * rig's capture side delivered a held-back burst) while playing is run again, up to {@value
 * #ATTEMPTS} times, and the test fails if every pass was disturbed. Underruns (a hop of silence
 * each) are tolerated: each segment is aligned on its own, and passes with up to 3 of them measured
 * within the figures above. On the busy VM (load average 3-6) about one pass in five fell back.
 */
@Tag("sound-server")
class LiveConvertAgreementTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  private static final int DEVICE_RATE = 48000;
  private static final String TARGET = "slt";

  /** The source {@code --virtual-mic} creates, as {@code pactl list short sources} names it. */
  private static final String VIRTUAL_MICROPHONE = "bowtie_virtual_microphone";

  /** Segments of {@value} frames (0.5 s) are compared, each at its own best offset. */
  private static final int SEGMENT_FRAMES = 100;

  /** How far a segment may have slid from the whole recording's lag. */
  private static final int SEARCH_MILLIS = 150;

  /** Limit on the mean MCD (c1..c24) over all speech frames. */
  private static final double MAX_MEAN_MCD_DB = 3.5;

  /** Limit on the mean MCD of the speech frames of each half-second segment. */
  private static final double MAX_SEGMENT_MCD_DB = 5.0;

  /** Live passes tried until one runs undisturbed. */
  private static final int ATTEMPTS = 4;

  @BeforeAll
  static void needsServerAndJar() {
    SoundServer.assumeServerAndJar();
  }

  @Test
  void shouldConvertAnUnseenSpeakerToSltLiveAsConvertDoes() throws Exception {
    assertLiveAgreesWithConvert("vc_out.monitor");
  }

  /**
   * The same through the virtual microphone: Bowtie reads the default source (vc_mic) and plays
   * into the microphone's sink through the pulse backend, and parec records the microphone as a
   * program that picked it would.
   */
  @Test
  void shouldGiveTheSameSltVoiceThroughTheVirtualMicrophone() throws Exception {
    assertLiveAgreesWithConvert(VIRTUAL_MICROPHONE, "--virtual-mic");
  }

  private void assertLiveAgreesWithConvert(String recordedSource, String... liveOptions)
      throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "live-neural"));
    Path speech = dir.resolve("m3-48k.wav");
    Sox.run(
        TestSpeech.espeakWav("en-us+m3", TestSpeech.SENTENCE).toString(),
        "-r",
        Integer.toString(DEVICE_RATE),
        "-c",
        "1",
        "-b",
        "16",
        speech.toString());

    Path converted = dir.resolve("m3-48k-" + TARGET + ".wav");
    try (BowtieProcess convert =
        BowtieProcess.start(
            Map.of(), "convert", speech.toString(), converted.toString(), "--voice", TARGET)) {
      assertEquals(0, convert.awaitExit(120_000), "convert: " + convert.err());
    }

    float[] fromConvert = Signals.toFloats(TestSpeech.samples(converted, S.sampleRateHz()));

    LivePass pass = null;
    for (int attempt = 1; attempt <= ATTEMPTS && (pass == null || !pass.undisturbed()); attempt++) {
      pass = playLive(speech, recordedSource, dir.resolve("live.raw"), liveOptions);
      System.out.printf("live pass %d: %s%n", attempt, pass.describe());
    }
    assertTrue(
        pass.undisturbed(),
        "the live loop fell back to the dry voice or skipped hops in each of "
            + ATTEMPTS
            + " passes, so it cannot be compared with convert; last: "
            + pass.describe()
            + ". The machine is too busy: rerun, or give bowtie and PulseAudio real-time priority");

    int lag =
        Recording.bestLag(
            fromConvert,
            pass.recording(),
            pass.recording().length - fromConvert.length,
            S.sampleRateHz());
    List<CepstralComparison.Segment> segments =
        CepstralComparison.compare(
            S,
            fromConvert,
            pass.recording(),
            lag,
            SEGMENT_FRAMES,
            S.sampleRateHz() * SEARCH_MILLIS / 1000);
    StringBuilder table = new StringBuilder();
    double worst = 0;
    double sum = 0;
    int frames = 0;
    for (CepstralComparison.Segment s : segments) {
      table.append(
          String.format(
              Locale.ROOT,
              "  %.1f s: %.2f dB at %+.1f ms, %d speech frames%n",
              s.startSeconds(),
              s.mcdDb(),
              1000.0 * (s.offsetSamples() - lag) / S.sampleRateHz(),
              s.speechFrames()));
      worst = Math.max(worst, s.mcdDb());
      sum += s.mcdDb() * s.speechFrames();
      frames += s.speechFrames();
    }
    double f0Convert = Signals.voicedMedianHz(pooled(segments, true));
    double f0Live = Signals.voicedMedianHz(pooled(segments, false));
    double f0Target =
        Signals.voicedMedianHz(
            f0(
                FeatureExtractor.extract(
                    S,
                    Signals.toFloats(
                        TestSpeech.samples(
                            TestSpeech.fliteWav(TARGET, TestSpeech.SENTENCE), S.sampleRateHz())))));
    System.out.printf(
        "en-us+m3 -> %s, live vs convert: MCD %.2f dB over %d speech frames, worst half-second"
            + " segment %.2f dB; median F0 live %.1f Hz, convert %.1f Hz, %s (flite) %.1f Hz%n%s",
        TARGET, sum / frames, frames, worst, f0Live, f0Convert, TARGET, f0Target, table);
    assertTrue(segments.size() >= 6, "speech segments found: " + segments.size());
    assertTrue(
        sum / frames < MAX_MEAN_MCD_DB && worst < MAX_SEGMENT_MCD_DB,
        "MCD live vs convert per half-second segment:\n" + table);
    assertEquals(f0Convert, f0Live, 0.05 * f0Convert, "median F0 live vs convert");
    assertEquals(f0Target, f0Live, 0.10 * f0Target, "median F0 live vs " + TARGET + "'s own");
  }

  /**
   * One run of {@code bowtie live --voice TARGET} with {@code speech} played through it.
   *
   * @param recording what vc_out played, at the model rate
   * @param before the loop's status line just before playing
   * @param after its first status line after playing
   */
  private record LivePass(float[] recording, String before, String after) {
    /**
     * The voice ran on every hop of the speech and none was dropped: the loop never fell back to
     * the dry voice, and the rig's capture side never held back audio that the loop then skipped as
     * stale (which moves the rest of the sentence by up to 300 ms, past any one alignment).
     */
    boolean undisturbed() {
      return delta("slowFallbacks") == 0 && delta("skippedHops") == 0;
    }

    double delta(String counter) {
      return BowtieProcess.field(after, counter) - BowtieProcess.field(before, counter);
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "while playing: %.0f slow fallbacks, %.0f underruns, %.0f skipped hops; %s",
          delta("slowFallbacks"),
          delta("underruns"),
          delta("skippedHops"),
          after);
    }
  }

  private static LivePass playLive(Path speech, String source, Path raw, String... options)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("live", "--voice", TARGET, "--json-status"));
    args.addAll(List.of(options));
    try (BowtieProcess live =
        BowtieProcess.start(SoundServer.TEST_DEVICES, args.toArray(String[]::new))) {
      assertTrue(live.awaitRunning(30_000), "bowtie live did not start: " + live.err());
      if (source.equals(VIRTUAL_MICROPHONE)) {
        String sources = SoundServer.pactl("list", "sources");
        assertTrue(
            sources.contains("Description: Bowtie Virtual Microphone\n"),
            "pactl list sources shows the microphone: " + sources);
      }
      String before = live.awaitSettledStatus();
      SoundServer.playAndRecord(speech, source, raw);
      String after = live.awaitNextStatus(5_000);
      live.process.destroy();
      assertEquals(0, live.awaitExit(10_000), "exit code after SIGTERM; " + live.err());
      return new LivePass(
          Signals.toFloats(TestSpeech.rawS16Samples(raw, DEVICE_RATE, S.sampleRateHz())),
          before,
          after);
    }
  }

  private static double[] pooled(List<CepstralComparison.Segment> segments, boolean reference) {
    return segments.stream()
        .flatMapToDouble(s -> Arrays.stream(reference ? s.referenceF0Hz() : s.recordingF0Hz()))
        .toArray();
  }

  private static double[] f0(FeatureExtractor.Features f) {
    double[] hz = new double[f.frames()];
    for (int t = 0; t < hz.length; t++) {
      hz[t] = f.f0Hz()[t];
    }
    return hz;
  }
}
