package dev.bowtie.realtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.testing.TestPacks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken voice packs, made from a real one by the tests, are refused at start with one line that
 * names the file and the mismatch.
 */
class VoicePackRejectionTest {
  private static final AnalysisSettings S = AnalysisSettings.DEFAULT;
  @TempDir Path dir;

  private static String oneLine(Class<? extends Throwable> type, Executable action) {
    Throwable e = assertThrows(type, action);
    String message = e.getMessage();
    assertFalse(message.contains("\n"), "one line: " + message);
    System.out.println("rejected: " + message);
    return message;
  }

  private static void openAndClose(Path pack) {
    VoiceModel.open(VoicePack.fromDirectory(pack, S), InferenceDevice.CPU).close();
  }

  @Test
  void shouldNameAMissingEncoderFile() throws Exception {
    Path pack = TestPacks.copy(dir);
    Files.delete(pack.resolve("encoder.onnx"));
    String m = oneLine(VoicePackException.class, () -> VoicePack.fromDirectory(pack, S));
    assertTrue(m.startsWith(pack.resolve("encoder.onnx") + " named by "), m);
    assertTrue(m.contains("model.json is missing"), m);
  }

  @Test
  void shouldNameAnEncoderFileChangedAfterExportBySha256() throws Exception {
    Path pack = TestPacks.copy(dir);
    byte[] bytes = Files.readAllBytes(pack.resolve("encoder.onnx"));
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(pack.resolve("encoder.onnx"), bytes);
    String m = oneLine(VoicePackException.class, () -> VoicePack.fromDirectory(pack, S));
    assertTrue(m.startsWith(pack.resolve("encoder.onnx") + " does not match the sha256"), m);
  }

  @Test
  void shouldNameADecoderThatIsNotOnnxEvenWithAMatchingChecksum() throws Exception {
    Path pack = TestPacks.copy(dir);
    Path decoder = pack.resolve("decoder.onnx");
    Files.writeString(decoder, "this is not a protobuf, it is a shopping list");
    String sha = TestPacks.sha256(decoder);
    TestPacks.editManifest(pack, m -> m.getAsJsonObject("decoder").addProperty("sha256", sha));
    String m = oneLine(VoicePackException.class, () -> openAndClose(pack));
    assertTrue(m.startsWith(decoder + " is not a model ONNX Runtime can load ("), m);
  }

  @Test
  void shouldRefuseAManifestWhoseTensorShapeDisagreesWithTheOrder() throws Exception {
    Path pack = TestPacks.copy(dir);
    TestPacks.editManifest(pack, m -> setShape(m, "encoder", "inputs", 0, 32));
    String m = oneLine(VoicePackException.class, () -> VoicePack.fromDirectory(pack, S));
    assertEquals(
        pack.resolve("model.json")
            + ": encoder input 'mcep' has shape [batch, 32], expected [batch, 24]",
        m);
  }

  /** A manifest that is consistent with itself but lies about the graphs (latent 8, not 16). */
  @Test
  void shouldRefuseAManifestThatLiesAboutTheGraphsShapes() throws Exception {
    Path pack = TestPacks.copy(dir);
    TestPacks.editManifest(
        pack,
        m -> {
          m.addProperty("latentDim", 8);
          setShape(m, "encoder", "outputs", 0, 8);
          setShape(m, "encoder", "outputs", 1, 8);
          setShape(m, "decoder", "inputs", 0, 8);
        });
    VoicePack loaded = VoicePack.fromDirectory(pack, S);
    String m = oneLine(VoicePackException.class, () -> openAndClose(pack));
    assertTrue(m.startsWith(pack.resolve("encoder.onnx") + " outputs are [mu [batch, 16]"), m);
    assertTrue(m.contains("but " + pack.resolve("model.json") + " lists [mu [batch, 8]"), m);
    assertEquals(8, loaded.manifest().latentDim());
  }

  @Test
  void shouldRefuseAPackMadeAtAnotherSampleRate() throws Exception {
    Path pack = TestPacks.copy(dir);
    TestPacks.editManifest(pack, m -> m.addProperty("sampleRateHz", 22050));
    String m = oneLine(VoicePackException.class, () -> VoicePack.fromDirectory(pack, S));
    assertTrue(m.startsWith(pack.resolve("model.json") + ": the pack was trained with"), m);
    assertTrue(m.contains("(22050 Hz, hop 80") && m.contains("engine uses (16000 Hz, hop 80"), m);
  }

  @Test
  void shouldNameAModelJsonThatIsNotJson() throws Exception {
    Path pack = TestPacks.copy(dir);
    String text = Files.readString(pack.resolve("model.json"));
    Files.writeString(pack.resolve("model.json"), text.substring(0, text.length() / 2));
    String m = oneLine(VoicePackException.class, () -> VoicePack.fromDirectory(pack, S));
    assertTrue(m.startsWith(pack.resolve("model.json") + " is not valid JSON ("), m);
  }

  @Test
  void shouldNameAModelJsonWithoutSpeakers() throws Exception {
    Path pack = TestPacks.copy(dir);
    TestPacks.editManifest(pack, m -> m.remove("speakers"));
    String m = oneLine(VoicePackException.class, () -> VoicePack.fromDirectory(pack, S));
    assertEquals(pack.resolve("model.json") + ": 'speakers' is missing; export the pack again", m);
  }

  @Test
  void shouldRefuseAFolderThatIsNotAPack() throws Exception {
    String m = oneLine(VoicePackException.class, () -> VoicePack.fromDirectory(dir, S));
    assertTrue(m.startsWith(dir.resolve("model.json") + " is missing"), m);
  }

  /** Without parity.json, nothing would notice weights replaced along with their sha256. */
  @Test
  void shouldNameAMissingParityFile() throws Exception {
    Path pack = TestPacks.copy(dir);
    Files.delete(pack.resolve("parity.json"));
    String m = oneLine(VoicePackException.class, () -> VoicePack.fromDirectory(pack, S));
    assertEquals(
        pack.resolve("parity.json")
            + " named by "
            + pack.resolve("model.json")
            + " is missing; export the pack again",
        m);
  }

  @Test
  void shouldRefuseAManifestThatNamesNoParityFile() throws Exception {
    Path pack = TestPacks.copy(dir);
    TestPacks.editManifest(pack, m -> m.remove("parity"));
    String m = oneLine(VoicePackException.class, () -> VoicePack.fromDirectory(pack, S));
    assertEquals(pack.resolve("model.json") + ": 'parity' is missing; export the pack again", m);
  }

  /** A decoder of NaN weights passes the checksum but fails the parity self-test at start. */
  @Test
  void shouldStopANanDecoderAtTheStartUpSelfTest() throws Exception {
    Path pack = TestPacks.copy(dir);
    TestPacks.poisonDecoder(pack);
    try (VoiceModel model =
        VoiceModel.open(VoicePack.fromDirectory(pack, S), InferenceDevice.CPU)) {
      String m = oneLine(VoicePackException.class, () -> ModelSelfTest.run(model));
      assertEquals(
          pack.resolve("parity.json")
              + ": the model gives NaN or infinity on the parity frames (damaged weights?);"
              + " export the pack again",
          m);
    }
  }

  @Test
  void shouldFailAtStartWhenCudaIsAskedOfTheCpuBuild() throws Exception {
    VoicePack pack = VoicePack.fromDirectory(TestPacks.pack(), S);
    String m =
        oneLine(InferenceDeviceException.class, () -> VoiceModel.open(pack, InferenceDevice.CUDA));
    assertTrue(m.startsWith("ONNX Runtime cannot run CUDA here ("), m);
    assertTrue(m.endsWith("or run on the CPU"), m);
    assertTrue(m.contains("mvn -Pgpu package"), m);
  }

  @Test
  void shouldFallBackToTheCpuOnAutoAndSaySo() throws Exception {
    VoicePack pack = VoicePack.fromDirectory(TestPacks.pack(), S);
    try (VoiceModel model = VoiceModel.open(pack, InferenceDevice.AUTO)) {
      assertEquals(ai.onnxruntime.OrtProvider.CPU, model.provider());
      assertTrue(model.deviceNote().startsWith("auto fell back to cpu: CUDA unavailable ("));
      assertEquals("cpu", ModelSelfTest.run(model).provider());
    }
  }

  @Test
  void shouldCloseModelsAndInferencesIdempotentlyAndRefuseUseAfterClose() throws Exception {
    VoiceModel model = TestPacks.openOnCpu();
    FrameInference inference = model.newInference();
    inference.close();
    inference.close();
    assertThrows(
        IllegalStateException.class, () -> inference.convert(new float[24], new float[24]));
    model.close();
    model.close();
    assertThrows(IllegalStateException.class, model::newInference);
  }

  private static void setShape(JsonObject m, String graph, String side, int index, int features) {
    JsonArray shape = new JsonArray();
    shape.add("batch");
    shape.add(features);
    m.getAsJsonObject(graph).getAsJsonArray(side).get(index).getAsJsonObject().add("shape", shape);
  }
}
