package dev.bowtie.plugin.tarsos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import be.tarsos.dsp.io.jvm.AudioDispatcherFactory;
import be.tarsos.dsp.io.jvm.WaveformWriter;
import dev.bowtie.plugin.testing.BowtieProcess;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.testing.CepstralComparison;
import dev.bowtie.realtime.testing.Recording;
import dev.bowtie.realtime.testing.Signals;
import dev.bowtie.realtime.testing.Sox;
import dev.bowtie.realtime.testing.TestSpeech;
import dev.bowtie.realtime.voice.DspVoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The TarsosDSP processor: the README's example, run exactly as printed there, turns a file into
 * the voice {@code bowtie convert} gives; an overlapping dispatcher is refused in one line.
 */
class TarsosVoiceProcessorTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  private static final Path SOURCE =
      Path.of("src/test/java/dev/bowtie/plugin/tarsos/TarsosVoiceProcessorTest.java");
  private static final String BEGIN = "// README example begins";
  private static final String END = "// README example ends";

  @Test
  @Tag("jar")
  void shouldTurnAFileIntoTheVoiceConvertGivesAsTheReadmeShows() throws Exception {
    assumeTrue(BowtieProcess.jarBuilt(), "bowtie.jar is built by mvn package");
    Path dir = Files.createDirectories(Path.of("target", "tarsos"));
    Path speech = dir.resolve("slt-44k.wav");
    Path converted = dir.resolve("slt-44k-tarsos-child.wav");
    Path fromConvert = dir.resolve("slt-44k-convert-child.wav");
    Sox.run(
        TestSpeech.fliteWav("slt", TestSpeech.SENTENCE).toString(),
        "-r",
        "44100",
        "-c",
        "1",
        "-b",
        "16",
        speech.toString());

    // README example begins
    AnalysisSettings analysis = AnalysisSettings.DEFAULT;
    AudioDispatcher dispatcher = AudioDispatcherFactory.fromFile(speech.toFile(), 1024, 0);
    TarsosDSPAudioFormat format = dispatcher.getFormat();
    TarsosVoiceProcessor bowtie =
        new TarsosVoiceProcessor(
            (int) format.getSampleRate(),
            analysis,
            DspVoice.child(analysis.order()),
            SynthesisMode.VOCODER);
    dispatcher.addAudioProcessor(bowtie);
    dispatcher.addAudioProcessor(new WaveformWriter(format, converted.toString()));
    dispatcher.run();
    // README example ends

    try (BowtieProcess convert =
        BowtieProcess.start(
            Map.of(), "convert", speech.toString(), fromConvert.toString(), "--voice", "child")) {
      assertEquals(0, convert.awaitExit(120_000), "convert: " + convert.err());
    }
    float[] reference = Signals.toFloats(TestSpeech.samples(fromConvert, S.sampleRateHz()));
    float[] tarsos = Signals.toFloats(TestSpeech.samples(converted, S.sampleRateHz()));
    int latency = (int) Math.round(bowtie.latencyFrames() * S.sampleRateHz() / 44100.0);
    int lag = Recording.bestLag(reference, tarsos, S.sampleRateHz() / 10, S.sampleRateHz());
    List<CepstralComparison.Segment> segments =
        CepstralComparison.compare(S, reference, tarsos, lag, 100, S.sampleRateHz() / 50);
    double worst = 0;
    double sum = 0;
    int frames = 0;
    for (CepstralComparison.Segment s : segments) {
      worst = Math.max(worst, s.mcdDb());
      sum += s.mcdDb() * s.speechFrames();
      frames += s.speechFrames();
    }
    double mean = sum / frames;
    System.out.printf(
        "TarsosDSP vs convert: lag %d (latency %d) at 16 kHz, MCD mean %.3f dB, worst %.3f dB%n",
        lag, latency, mean, worst);
    assertTrue(Math.abs(lag - latency) <= 1, "delayed by its latency: lag " + lag);
    // Both run the same chain on the same samples: only 16-bit rounding of the file separates them.
    assertTrue(mean < 0.5, "mean MCD " + mean + " dB");
    assertTrue(worst < 1.0, "worst segment MCD " + worst + " dB");
    assertEquals(0, bowtie.counters().voiceFaults.get());
  }

  @Test
  void shouldPrintTheExampleInTheReadmeExactlyAsTested() throws Exception {
    List<String> source = Files.readAllLines(SOURCE);
    int begin = source.indexOf("    " + BEGIN);
    int end = source.indexOf("    " + END);
    StringBuilder tested = new StringBuilder();
    for (String line : source.subList(begin + 1, end)) {
      tested.append(line.isEmpty() ? "" : line.substring(4)).append('\n');
    }
    String readme = Files.readString(Path.of("..", "README.md"));
    String marker = "<!-- the test " + SOURCE.getFileName() + " runs this block as it stands -->";
    int at = readme.indexOf(marker);
    assertTrue(at >= 0, "README has the marked example");
    int open = readme.indexOf("```java\n", at) + "```java\n".length();
    int close = readme.indexOf("```\n", open);
    assertEquals(tested.toString(), readme.substring(open, close));
  }

  @Test
  void shouldRefuseAnOverlappingDispatcherInOneLine() throws Exception {
    float[] tone = Signals.sine(4096, 200, 16000, 0.3, 0);
    AudioDispatcher dispatcher = AudioDispatcherFactory.fromFloatArray(tone, 16000, 1024, 512);
    try (TarsosVoiceProcessor bowtie =
        new TarsosVoiceProcessor(16000, S, DspVoice.child(S.order()), SynthesisMode.VOCODER)) {
      AudioEvent event = new AudioEvent(dispatcher.getFormat());
      event.setFloatBuffer(new float[1024]);
      event.setOverlap(512);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> bowtie.process(event));
      assertEquals(
          "the Bowtie processor needs a dispatcher with an overlap of 0, not 512: put it in a"
              + " chain of its own",
          e.getMessage());
    }
  }
}
