package dev.bowtie.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.model.VoicePack;
import dev.bowtie.realtime.testing.TestPacks;
import dev.bowtie.realtime.testing.TestSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bowtie voices --model DIR --check}: one line and exit 0 for a pack the engine accepts, the
 * engine's one-line reason and exit 1 for one it refuses, with the same rules {@code convert} and
 * {@code live} apply. (tools/tests/test_export_check.py runs every tampered pack through the jar
 * and through {@code export --check}.)
 */
class VoicesCheckCommandTest {
  private static final Pattern PARITY =
      Pattern.compile("parity max error ([0-9.e+-]+) on (\\d+) frames");

  @TempDir Path dir;

  private static String refusal(Path pack) {
    CliRun run = CliRun.of("voices", "--model", pack.toString(), "--check");
    assertEquals(1, run.exitCode(), run.out());
    assertEquals("", run.out());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(run.err().startsWith("bowtie: "), run.err());
    return run.err().strip().substring("bowtie: ".length());
  }

  @Test
  void shouldCallTheTestPackConsistentInOneLineWithItsParityFrames() throws Exception {
    Path pack = TestPacks.pack();
    CliRun run = CliRun.of("voices", "--model", pack.toString(), "--check");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err());
    String[] lines = run.out().strip().split("\n");
    assertEquals(1, lines.length, run.out());
    assertTrue(lines[0].startsWith(pack + ": consistent: 3 voices; provider cpu, "), lines[0]);
    Matcher m = PARITY.matcher(lines[0]);
    assertTrue(m.find(), lines[0]);
    assertTrue(Double.parseDouble(m.group(1)) < 1e-4, lines[0]);
    JsonObject parity =
        JsonParser.parseString(Files.readString(pack.resolve("parity.json"))).getAsJsonObject();
    int frames =
        parity.getAsJsonObject("encoder").getAsJsonObject("inputs").getAsJsonArray("mcep").size();
    assertEquals(frames, Integer.parseInt(m.group(2)));
  }

  @Test
  void shouldCheckTheBundledPackWhenNoModelIsGiven() {
    CliRun run = CliRun.of("voices", "--check");
    if (VoicePack.bundled(AnalysisSettings.DEFAULT) == null) {
      assertEquals(1, run.exitCode());
      assertArrayEquals(
          new String[] {
            "bowtie: --check: this Bowtie bundles no voice pack; give one with --model DIR"
          },
          run.errLines());
    } else {
      assertEquals(0, run.exitCode(), run.err());
      assertTrue(
          run.out().startsWith("bowtie.jar!/bowtie/voices/default: consistent: 11 voices; "),
          run.out());
    }
  }

  /** Before, the built-in voice silently hid the pack's speaker of the same name. */
  @Test
  void shouldRefuseASpeakerNamedLikeABuiltInVoiceInCheckAndConvert() throws Exception {
    Path pack = TestPacks.copy(dir);
    TestPacks.editManifest(
        pack,
        m -> m.getAsJsonArray("speakers").get(1).getAsJsonObject().addProperty("name", "child"));
    String reason = refusal(pack);
    assertEquals(
        pack.resolve("model.json")
            + ": speaker 'child' in 'speakers' has the name of a built-in voice (identity, child,"
            + " deep, robot, whisper); rename it and export the pack again",
        reason);
    Path out = dir.resolve("out.wav");
    CliRun convert =
        CliRun.of(
            "convert",
            TestSpeech.fliteWav("kal16", TestSpeech.SENTENCE).toString(),
            out.toString(),
            "--model",
            pack.toString(),
            "--voice",
            "slt");
    assertEquals(1, convert.exitCode());
    assertArrayEquals(new String[] {"bowtie: " + reason}, convert.errLines());
    assertFalse(Files.exists(out));
  }

  @Test
  void shouldRefuseDecoderWeightsReplacedAlongWithTheirSha256() throws Exception {
    Path pack = TestPacks.copy(dir);
    TestPacks.poisonDecoder(pack);
    assertEquals(
        pack.resolve("parity.json")
            + ": the model gives NaN or infinity on the parity frames (damaged weights?);"
            + " export the pack again",
        refusal(pack));
  }

  @Test
  void shouldRefuseParityRowsThatDoNotFitTheGraphs() throws Exception {
    Path pack = TestPacks.copy(dir);
    Path file = pack.resolve("parity.json");
    JsonObject parity = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    JsonArray z = parity.getAsJsonObject("decoder").getAsJsonObject("inputs").getAsJsonArray("z");
    int frames = z.size();
    z.get(0).getAsJsonArray().remove(0);
    Files.writeString(file, parity.toString());
    assertEquals(
        file
            + ": decoder inputs z is not "
            + frames
            + " rows of 16 values as the pack's model.json says; export the pack again",
        refusal(pack));
  }

  @Test
  void shouldNameAFileOrAMissingFolderGivenAsThePack() throws Exception {
    Path file = TestPacks.pack().resolve("model.json");
    assertEquals(
        file + " is a file, not a folder; give the voice pack folder that holds model.json",
        refusal(file));
    Path missing = dir.resolve("nowhere");
    assertEquals(
        missing + " does not exist; give the voice pack folder that holds model.json",
        refusal(missing));
  }

  @Test
  void shouldNameAModelJsonThatIsAListNotAnObject() throws Exception {
    Path pack = TestPacks.copy(dir);
    Files.writeString(pack.resolve("model.json"), "[]");
    assertEquals(
        pack.resolve("model.json") + " is not a JSON object; export the pack again", refusal(pack));
  }
}
