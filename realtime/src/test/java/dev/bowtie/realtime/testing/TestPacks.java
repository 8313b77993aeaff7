package dev.bowtie.realtime.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.bowtie.realtime.audio.AudioFileException;
import dev.bowtie.realtime.audio.NpyWriter;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.FeatureExtractor;
import dev.bowtie.realtime.model.InferenceDevice;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.model.VoicePack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real voice pack for the engine's tests, made by Bowtie's own training tool: flite's slt, rms
 * and awb say {@link #TRAINING_SENTENCES}, the engine's {@link FeatureExtractor} analyses them, and
 * {@code make_test_pack.py} trains the tool's VAE on those features and exports the pack with the
 * tool's exporter. Cached under {@code target/test-packs/<hash>} (the hash covers the script, the
 * tool's sources, the sentences and the analysis settings); about a minute to make.
 *
 * <p>Tests that damage a pack copy it first ({@link #copy}).
 */
public final class TestPacks {
  /** Speakers of the test pack (flite voices). */
  public static final List<String> SPEAKERS = List.of("slt", "rms", "awb");

  /** What each speaker says for training. {@link TestSpeech#SENTENCE} is not among them. */
  public static final List<String> TRAINING_SENTENCES =
      List.of(
          "The quick brown fox jumps over the lazy dog near the river bank.",
          "Please call Stella and ask her to bring these things with her from the store.",
          "Six spoons of fresh snow peas, five thick slabs of blue cheese, and maybe a snack.",
          "We also need a small plastic snake and a big toy frog for the kids.",
          "She can scoop these things into three red bags, and we will go meet her Wednesday.",
          "When the sunlight strikes raindrops in the air, they act as a prism and form a rainbow.",
          "A large size in stockings is hard to sell, but the old man kept trying all summer.",
          "Every morning the baker opens his shop at seven and sells warm bread to the village.");

  private static final int EPOCHS = 12;
  private static final String SCRIPT = "/dev/bowtie/realtime/model/make_test_pack.py";
  private static final String POISON_SCRIPT = "/dev/bowtie/realtime/model/poison_decoder.py";

  private TestPacks() {}

  /** The repository's tools/ folder (the training tool). */
  public static Path toolsDir() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("tools/bowtie_tools"))) {
        return p.resolve("tools");
      }
    }
    throw new IllegalStateException("no tools/bowtie_tools above " + here);
  }

  /** The test pack for {@link AnalysisSettings#DEFAULT}, made on first use. */
  public static synchronized Path pack() throws IOException, InterruptedException {
    AnalysisSettings settings = AnalysisSettings.DEFAULT;
    String script = readScript();
    String analysis = analysisJson(settings);
    String key = hash(script, analysis, String.join("\n", TRAINING_SENTENCES), toolSources());
    // One cache for every module's tests, so the pack is trained once per build.
    Path root = toolsDir().resolveSibling("target").resolve("test-packs");
    Path pack = root.resolve(key.substring(0, 16));
    if (Files.isRegularFile(pack.resolve("model.json"))) {
      return pack;
    }
    Files.createDirectories(root);
    Path features = Files.createTempDirectory(root, "features");
    for (String speaker : SPEAKERS) {
      writeFeatures(settings, speaker, features);
    }
    Path scriptFile = features.resolve("make_test_pack.py");
    Files.writeString(scriptFile, script);
    Path staging = root.resolve(pack.getFileName() + ".staging");
    deleteTree(staging);
    deleteTree(root.resolve(staging.getFileName() + "-work"));
    TestSpeech.exec(
        "/usr/bin/python3",
        scriptFile.toString(),
        toolsDir().toString(),
        features.toString(),
        staging.toString(),
        analysis,
        Integer.toString(EPOCHS));
    Files.move(staging, pack, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(features);
    return pack;
  }

  /**
   * The test pack opened on the CPU provider with Bowtie's default analysis settings; the caller
   * closes it.
   */
  public static VoiceModel openOnCpu() throws IOException, InterruptedException {
    return VoiceModel.open(
        VoicePack.fromDirectory(pack(), AnalysisSettings.DEFAULT), InferenceDevice.CPU);
  }

  /** A private copy of the test pack in {@code dir} that a test may damage. */
  public static Path copy(Path dir) throws IOException, InterruptedException {
    Path source = pack();
    Path target = dir.resolve("pack");
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
    return target;
  }

  /** Rewrites {@code model.json} of {@code pack} after {@code edit} changes its JSON tree. */
  public static void editManifest(Path pack, Consumer<JsonObject> edit) throws IOException {
    Path manifest = pack.resolve("model.json");
    JsonObject root = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();
    edit.accept(root);
    Files.writeString(manifest, root.toString());
  }

  /** Makes every weight of the pack's decoder NaN (with a matching sha256 in model.json). */
  public static void poisonDecoder(Path pack) throws IOException, InterruptedException {
    Path script = pack.resolve("poison_decoder.py");
    try (InputStream in = TestPacks.class.getResourceAsStream(POISON_SCRIPT)) {
      Files.write(script, in.readAllBytes());
    }
    TestSpeech.exec("/usr/bin/python3", script.toString(), pack.toString());
    Files.delete(script);
  }

  /** Lower-case hex sha256 of a file. */
  public static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeFeatures(AnalysisSettings settings, String speaker, Path dir)
      throws IOException, InterruptedException {
    List<float[]> mceps = new ArrayList<>();
    List<float[]> f0s = new ArrayList<>();
    int frames = 0;
    for (String sentence : TRAINING_SENTENCES) {
      double[] speech = TestSpeech.samples(TestSpeech.fliteWav(speaker, sentence), 16000);
      float[] samples = new float[speech.length];
      for (int i = 0; i < speech.length; i++) {
        samples[i] = (float) speech[i];
      }
      FeatureExtractor.Features f = FeatureExtractor.extract(settings, samples);
      mceps.add(f.melCepstra());
      f0s.add(f.f0Hz());
      frames += f.frames();
    }
    int columns = settings.coefficients();
    float[] mcep = new float[frames * columns];
    float[] f0 = new float[frames];
    int at = 0;
    for (int s = 0; s < mceps.size(); s++) {
      System.arraycopy(mceps.get(s), 0, mcep, at * columns, mceps.get(s).length);
      System.arraycopy(f0s.get(s), 0, f0, at, f0s.get(s).length);
      at += f0s.get(s).length;
    }
    try {
      NpyWriter.write(dir.resolve(speaker + ".mcep.npy"), mcep, frames, columns);
      NpyWriter.write(dir.resolve(speaker + ".f0.npy"), f0);
    } catch (AudioFileException e) {
      throw new IOException(e);
    }
  }

  private static String analysisJson(AnalysisSettings s) {
    return String.format(
        Locale.ROOT,
        "{\"sampleRateHz\": %d, \"hopSamples\": %d, \"windowSamples\": %d, \"fftSize\": %d,"
            + " \"order\": %d, \"alpha\": %s, \"f0MinHz\": %s, \"f0MaxHz\": %s}",
        s.sampleRateHz(),
        s.hopSamples(),
        s.windowSamples(),
        s.fftSize(),
        s.order(),
        s.alpha(),
        s.f0MinHz(),
        s.f0MaxHz());
  }

  private static String readScript() throws IOException {
    try (InputStream in = TestPacks.class.getResourceAsStream(SCRIPT)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String toolSources() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(toolsDir().resolve("bowtie_tools"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".py")).sorted().toList()) {
        all.append(file.getFileName()).append(Files.readString(file));
      }
    }
    return all.toString();
  }

  private static String hash(String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
