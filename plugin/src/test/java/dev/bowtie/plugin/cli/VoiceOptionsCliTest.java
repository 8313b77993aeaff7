package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bowtie.realtime.audio.DecodedAudio;
import dev.bowtie.realtime.audio.WavReader;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.model.VoicePack;
import dev.bowtie.realtime.testing.TestPacks;
import dev.bowtie.realtime.testing.TestSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bowtie voices} and the voice options of {@code convert}, with a real voice pack. */
class VoiceOptionsCliTest {
  @TempDir Path dir;

  private static String pack() throws Exception {
    return TestPacks.pack().toString();
  }

  private static Path speech() throws Exception {
    return TestSpeech.fliteWav("kal16", TestSpeech.SENTENCE);
  }

  @Test
  void shouldListThePacksSpeakersAndTheBuiltInVoices() throws Exception {
    CliRun run = CliRun.of("voices", "--model", pack());
    assertEquals(0, run.exitCode(), run.err());
    String[] lines = run.out().strip().split("\n");
    assertTrue(lines[0].startsWith("model: " + pack()), lines[0]);
    assertTrue(lines[0].contains("(3 voices); cpu requested; provider cpu, parity max error"));
    assertEquals(1 + 3 + 5, lines.length, run.out());
    assertTrue(lines[1].matches("  awb +tts +neural: male synthetic voice, typical F0 \\d+ Hz"));
    assertTrue(lines[3].startsWith("  slt "), lines[3]);
    assertTrue(lines[4].startsWith("  identity  built-in"), lines[4]);
    assertTrue(lines[8].startsWith("  whisper   built-in  noise excitation"), lines[8]);
  }

  @Test
  void shouldListTheBundledPackOrSayThereIsNone() {
    CliRun run = CliRun.of("voices");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("  robot "), run.out());
    if (VoicePack.bundled(AnalysisSettings.DEFAULT) == null) {
      assertTrue(run.out().startsWith("model: none bundled and no --model given"), run.out());
    } else {
      assertTrue(run.out().startsWith("model: bowtie.jar!/bowtie/voices/default/"), run.out());
    }
  }

  @Test
  void shouldConvertToAPackVoiceAndABlendWithPitch() throws Exception {
    for (String voice : new String[] {"slt", "slt:0.7,awb:0.3"}) {
      Path out = dir.resolve(voice.replace(':', '_').replace(',', '-') + ".wav");
      CliRun run =
          CliRun.of(
              "convert",
              speech().toString(),
              out.toString(),
              "--voice",
              voice,
              "--model",
              pack(),
              "--pitch",
              "-2");
      assertEquals(0, run.exitCode(), run.err());
      assertTrue(run.out().contains("provider cpu"), run.out());
      assertTrue(run.out().contains("voice " + voice + ", vocoder synthesis"), run.out());
      DecodedAudio in = WavReader.read(speech());
      DecodedAudio converted = WavReader.read(out);
      assertEquals(in.frames(), converted.frames());
      double energy = 0;
      for (float v : converted.channels()[0]) {
        energy += v * v;
      }
      assertTrue(energy > 1.0, "the converted file holds speech: energy " + energy);
    }
  }

  @Test
  void shouldRunBuiltInVoicesWithoutAnyPack() throws Exception {
    Path out = dir.resolve("robot.wav");
    CliRun run = CliRun.of("convert", speech().toString(), out.toString(), "--voice", "robot");
    assertEquals(0, run.exitCode(), run.err());
    assertFalse(run.out().contains("model:"), run.out());
    assertTrue(Files.isRegularFile(out));
  }

  @Test
  void shouldFailInOneLineWhenCudaCannotRunAndWriteNothing() throws Exception {
    Path out = dir.resolve("cuda.wav");
    CliRun run =
        CliRun.of(
            "convert",
            speech().toString(),
            out.toString(),
            "--voice",
            "slt",
            "--model",
            pack(),
            "--device",
            "cuda");
    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(
        run.err().startsWith("bowtie: --device cuda: ONNX Runtime cannot run CUDA here ("),
        run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void shouldSayAutoFellBackToTheCpu() throws Exception {
    Path out = dir.resolve("auto.wav");
    CliRun run =
        CliRun.of(
            "convert",
            speech().toString(),
            out.toString(),
            "--voice",
            "rms",
            "--model",
            pack(),
            "--device",
            "auto");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("; auto fell back to cpu: CUDA unavailable ("), run.out());
    assertTrue(run.out().contains("provider cpu"), run.out());
  }

  @Test
  void shouldNameTheChoicesForAnUnknownVoiceOfAPack() throws Exception {
    CliRun run = CliRun.of("convert", "--voice", "nobody", "--model", pack());
    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertEquals(
        "bowtie: --voice: unknown voice 'nobody'; choose one of: awb, rms, slt, identity, child,"
            + " deep, robot, whisper",
        run.errLines()[0]);
  }

  @Test
  void shouldNameTheModelJsonOfAPackMadeForAnotherRateAndWriteNothing() throws Exception {
    Path pack = TestPacks.copy(dir);
    TestPacks.editManifest(pack, m -> m.addProperty("sampleRateHz", 8000));
    Path out = dir.resolve("out.wav");
    CliRun run =
        CliRun.of(
            "convert",
            speech().toString(),
            out.toString(),
            "--voice",
            "slt",
            "--model",
            pack.toString());
    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(
        run.err().startsWith("bowtie: " + pack.resolve("model.json") + ": the pack was trained"),
        run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void shouldNameAModelFolderThatDoesNotExist() {
    CliRun run = CliRun.of("voices", "--model", dir.resolve("nowhere").toString());
    assertEquals(1, run.exitCode());
    assertEquals(
        "bowtie: "
            + dir.resolve("nowhere")
            + " does not exist; give the voice pack folder that holds model.json",
        run.errLines()[0]);
  }

  @Test
  void shouldRefuseAPitchThatIsNotFiniteOrBeyondTwoOctavesAndWriteNothing() throws Exception {
    for (String pitch : new String[] {"NaN", "Infinity", "-Infinity", "100", "-24.5"}) {
      Path out = dir.resolve("pitch.wav");
      CliRun run = CliRun.of("convert", speech().toString(), out.toString(), "--pitch", pitch);
      assertEquals(1, run.exitCode(), pitch + ": " + run.err());
      assertEquals(1, run.errLines().length, run.err());
      assertTrue(
          run.errLines()[0].matches(
              "bowtie: --pitch \\S+: give a number of semitones from -24 to 24"),
          run.err());
      assertFalse(Files.exists(out), pitch);
    }
    CliRun edge =
        CliRun.of(
            "convert", speech().toString(), dir.resolve("edge.wav").toString(), "--pitch", "-24");
    assertEquals(0, edge.exitCode(), edge.err());
  }

  @Test
  void shouldRefuseBlendWeightsThatAreNotFiniteOrTooLarge() throws Exception {
    for (String weight : new String[] {"1e308", "Infinity", "NaN", "0", "-1", "100.5"}) {
      CliRun run =
          CliRun.of(
              "convert",
              speech().toString(),
              dir.resolve("blend.wav").toString(),
              "--voice",
              "slt:" + weight + ",awb:1e308",
              "--model",
              pack());
      assertEquals(1, run.exitCode(), weight + ": " + run.err());
      assertEquals(
          "bowtie: --voice: weight in 'slt:"
              + weight
              + "' must be a number above 0 and at most 100",
          run.errLines()[run.errLines().length - 1]);
      assertFalse(Files.exists(dir.resolve("blend.wav")), weight);
    }
  }

  @Test
  void shouldNameTheLineOfAModelJsonThatIsNotJsonWithoutTheParsersWording() throws Exception {
    Path pack = TestPacks.copy(dir);
    Files.writeString(pack.resolve("model.json"), "{\"formatVersion\": 1,\n  \"x\"");
    CliRun run = CliRun.of("voices", "--model", pack.toString());
    assertEquals(1, run.exitCode());
    assertEquals(
        "bowtie: "
            + pack.resolve("model.json")
            + " is not valid JSON (line 2, column 6); export the pack again",
        run.errLines()[0]);
  }
}
