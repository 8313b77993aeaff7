package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bowtie.realtime.audio.WavReader;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.FeatureExtractor;
import dev.bowtie.realtime.dsp.PolyphaseResampler;
import dev.bowtie.realtime.testing.Sox;
import dev.bowtie.realtime.testing.TestSpeech;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bowtie features}: the training tools' feature files. */
class FeaturesCommandTest {
  @TempDir Path dir;

  @Test
  void shouldWriteTheEnginesOwnAnalysisAsNpyWithSettings() throws Exception {
    Path wav = TestSpeech.fliteWav("slt", TestSpeech.SENTENCE);
    Path out = dir.resolve("features");
    CliRun run = CliRun.of("features", wav.toString(), out.toString());
    assertEquals(0, run.exitCode(), run.err());

    AnalysisSettings s = AnalysisSettings.DEFAULT;
    float[] samples = WavReader.read(wav).downmixToMono();
    int frames = (samples.length + s.hopSamples() - 1) / s.hopSamples();
    FeatureExtractor.Features expected = FeatureExtractor.extract(s, samples);
    assertArrayEquals(expected.melCepstra(), npy(out.resolve("mcep.npy"), "(" + frames + ", 25)"));
    float[] f0 = npy(out.resolve("f0.npy"), "(" + frames + ",)");
    assertArrayEquals(expected.f0Hz(), f0);
    int voiced = 0;
    for (float v : f0) {
      voiced += v > 0 ? 1 : 0;
      assertTrue(v == 0 || (v >= s.f0MinHz() && v <= s.f0MaxHz()), "F0 " + v);
    }
    assertTrue(voiced > frames / 4, "voiced frames " + voiced + " of " + frames);
    String json = Files.readString(out.resolve("features.json"));
    assertTrue(json.contains("\"hopSamples\": 80") && json.contains("\"alpha\": 0.42"), json);
  }

  @Test
  void shouldLeaveNoSettingsFileWhenTheInputIsBad() throws Exception {
    Path bad = dir.resolve("bad.wav");
    Files.writeString(bad, "RIFF");
    Path out = dir.resolve("features");
    CliRun run = CliRun.of("features", bad.toString(), out.toString());
    assertEquals(1, run.exitCode());
    assertFalse(Files.exists(out.resolve("features.json")));
  }

  @Test
  void shouldStreamExactlyTheWholeFileFeaturesOfA44kStereoFile() throws Exception {
    Path wav = dir.resolve("stereo44.wav");
    Sox.run(
        TestSpeech.fliteWav("slt", TestSpeech.SENTENCE).toString(),
        "-r",
        "44100",
        "-c",
        "2",
        "-b",
        "24",
        wav.toString());
    Path out = dir.resolve("features");
    CliRun run = CliRun.of("features", wav.toString(), out.toString());
    assertEquals(0, run.exitCode(), run.err());

    AnalysisSettings s = AnalysisSettings.DEFAULT;
    float[] mono = WavReader.read(wav).downmixToMono();
    FeatureExtractor.Features expected =
        FeatureExtractor.extract(s, PolyphaseResampler.resample(mono, 44100, s.sampleRateHz()));
    String rows = "(" + expected.frames();
    assertArrayEquals(expected.melCepstra(), npy(out.resolve("mcep.npy"), rows + ", 25)"));
    assertArrayEquals(expected.f0Hz(), npy(out.resolve("f0.npy"), rows + ",)"));
  }

  @Test
  void shouldLeaveNoFolderNorFilesWhenTheDiskIsFull() throws Exception {
    Path disk = Files.createDirectory(dir.resolve("small-disk"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString())
            .redirectErrorStream(true)
            .start();
    assumeTrue(mount.waitFor() == 0, "mounting a small tmpfs needs root");
    try {
      Path wav = dir.resolve("ten-seconds.wav");
      Sox.run("-n", "-r", "16000", "-b", "16", wav.toString(), "synth", "10", "sine", "200");
      Path out = disk.resolve("new").resolve("features");
      CliRun run = CliRun.of("features", wav.toString(), out.toString());
      assertEquals(1, run.exitCode());
      assertEquals(1, run.errLines().length, run.err());
      assertTrue(run.err().contains("No space left on device"), run.err());
      assertFalse(run.err().contains("Exception"), run.err());
      try (Stream<Path> left = Files.list(disk)) {
        assertEquals(List.of(), left.toList());
      }
    } finally {
      new ProcessBuilder("umount", disk.toString()).start().waitFor();
    }
  }

  /** Reads a float32 .npy, checking its shape. */
  static float[] npy(Path file, String shape) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = b.getShort(8) & 0xffff;
    String header = new String(bytes, 10, headerLength);
    assertTrue(header.contains("'shape': " + shape), header);
    assertTrue(header.contains("'descr': '<f4'"), header);
    b.position(10 + headerLength);
    float[] v = new float[b.remaining() / 4];
    b.asFloatBuffer().get(v);
    return v;
  }
}
