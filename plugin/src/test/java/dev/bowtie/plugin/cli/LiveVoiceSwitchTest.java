package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.plugin.testing.BowtieProcess;
import dev.bowtie.plugin.testing.SoundServer;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.testing.CepstralComparison;
import dev.bowtie.realtime.testing.Recording;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.Sox;
import dev.bowtie.realtime.testing.TestSpeech;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code bowtie live} started with a built-in voice (no pack opened) switches to a pack voice when
 * a line on standard input asks for it: it opens the bundled pack then, and what it plays
 * afterwards is that voice. Checked on the private PulseAudio loop like {@link
 * LiveConvertAgreementTest}: the recording after the switch is compared with {@code bowtie convert
 * --voice slt} of the same speech. That test measured 2.2-2.5 dB mean MCD for live slt against
 * convert, 12.9-13.0 dB for the identity voice; the limit here, {@value #MAX_MEAN_MCD_DB} dB, tells
 * the two apart with room for a busier pass.
 */
@Tag("sound-server")
class LiveVoiceSwitchTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  private static final int DEVICE_RATE = 48000;
  private static final double MAX_MEAN_MCD_DB = 5.0;
  private static final int PASSES = 3;

  @BeforeAll
  static void needsServerAndJar() {
    SoundServer.assumeServerAndJar();
  }

  @Test
  void shouldSwitchFromIdentityToAPackVoiceOverStandardInputAndSoundLikeIt() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "live-switch"));
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
    Path converted = dir.resolve("m3-48k-slt.wav");
    try (BowtieProcess convert =
        BowtieProcess.start(
            Map.of(), "convert", speech.toString(), converted.toString(), "--voice", "slt")) {
      assertEquals(0, convert.awaitExit(120_000), "convert: " + convert.err());
    }
    float[] fromConvert = Signals.toFloats(TestSpeech.samples(converted, S.sampleRateHz()));

    try (BowtieProcess live =
        BowtieProcess.start(
            SoundServer.TEST_DEVICES, "live", "--voice", "identity", "--json-status")) {
      assertTrue(live.awaitRunning(20_000), "bowtie live did not start: " + live.err());
      assertTrue(live.err().stream().noneMatch(l -> l.startsWith("model:")), "no pack opened yet");
      OutputStream control = live.process.getOutputStream();

      send(control, "voice no-such-voice");
      assertNotNull(awaitErr(live, "unknown voice 'no-such-voice'", 60_000), "" + live.err());
      send(control, "voice slt");
      assertNotNull(
          awaitErr(live, "bowtie: voice slt, bypass off, mix 1.00", 60_000), "" + live.err());
      assertTrue(live.err().stream().anyMatch(l -> l.startsWith("model:")), "pack opened");
      assertTrue(live.process.isAlive(), "still running");

      float[] recording = null;
      String status = null;
      for (int pass = 1; pass <= PASSES && recording == null; pass++) {
        String before = live.awaitNextStatus(5_000);
        SoundServer.playAndRecord(speech, dir.resolve("vc_out.raw"));
        status = live.awaitNextStatus(5_000);
        if (BowtieProcess.field(status, "slowFallbacks")
                == BowtieProcess.field(before, "slowFallbacks")
            && BowtieProcess.field(status, "skippedHops")
                == BowtieProcess.field(before, "skippedHops")) {
          recording =
              Signals.toFloats(
                  TestSpeech.rawS16Samples(
                      dir.resolve("vc_out.raw"), DEVICE_RATE, S.sampleRateHz()));
        } else {
          System.out.printf("switch pass %d fell back or skipped hops: %s%n", pass, status);
        }
      }
      assertNotNull(recording, "every pass fell back or skipped hops: " + status);

      int lag =
          Recording.bestLag(
              fromConvert, recording, recording.length - fromConvert.length, S.sampleRateHz());
      List<CepstralComparison.Segment> segments =
          CepstralComparison.compare(
              S, fromConvert, recording, lag, 100, S.sampleRateHz() * 150 / 1000);
      double sum = 0;
      int frames = 0;
      for (CepstralComparison.Segment s : segments) {
        sum += s.mcdDb() * s.speechFrames();
        frames += s.speechFrames();
      }
      double meanMcd = sum / frames;
      double f0Convert = Signals.voicedMedianHz(pooled(segments, true));
      double f0Live = Signals.voicedMedianHz(pooled(segments, false));
      System.out.printf(
          "identity -> slt over stdin: MCD against convert --voice slt %.2f dB over %d speech"
              + " frames; median F0 live %.1f Hz, convert %.1f Hz%n",
          meanMcd, frames, f0Live, f0Convert);
      assertTrue(segments.size() >= 6, "speech segments found: " + segments.size());
      assertTrue(meanMcd < MAX_MEAN_MCD_DB, "MCD live after the switch vs convert: " + meanMcd);
      assertEquals(f0Convert, f0Live, 0.10 * f0Convert, "median F0 live vs convert");

      live.process.destroy();
      assertEquals(0, live.awaitExit(10_000), "exit code after SIGTERM; " + live.err());
    }
  }

  private static void send(OutputStream control, String line) throws Exception {
    control.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    control.flush();
  }

  private static String awaitErr(BowtieProcess bowtie, String text, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      for (String line : bowtie.err()) {
        if (line.contains(text)) {
          return line;
        }
      }
      Thread.sleep(100);
    }
    return null;
  }

  private static double[] pooled(List<CepstralComparison.Segment> segments, boolean reference) {
    return segments.stream()
        .flatMapToDouble(s -> Arrays.stream(reference ? s.referenceF0Hz() : s.recordingF0Hz()))
        .toArray();
  }
}
