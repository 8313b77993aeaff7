package dev.bowtie.realtime.model;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A voice pack read into memory and checked: {@code model.json}, both ONNX graphs (sha256 as the
 * manifest states), the parity file it names, tensor names and shapes that agree with the
 * manifest's dimensions, and analysis settings equal to the engine's. A pack comes from a folder or
 * from the default pack bundled in Bowtie's jar.
 *
 * <p>Immutable after loading; safe to share. Whether ONNX Runtime agrees with the manifest about
 * the graphs is checked when {@link VoiceModel} opens them.
 */
public final class VoicePack {
  /** Classpath folder of the default pack shipped by Bowtie's models module. */
  public static final String BUNDLED_RESOURCE = "bowtie/voices/default/";

  /** Encoder input: normalised c1..cM. */
  public static final String ENCODER_INPUT = "mcep";

  /** Encoder output the engine uses: the latent mean. */
  public static final String ENCODER_MU = "mu";

  /** Decoder input: the latent code. */
  public static final String DECODER_Z = "z";

  /** Decoder input: the speaker embedding. */
  public static final String DECODER_SPEAKER = "speaker";

  /** Decoder output: normalised c1..cM in the target voice. */
  public static final String DECODER_OUTPUT = "mcep";

  private final String location;
  private final VoicePackManifest manifest;
  private final byte[] encoderBytes;
  private final byte[] decoderBytes;
  private final String parityJson;

  private VoicePack(
      String location,
      VoicePackManifest manifest,
      byte[] encoderBytes,
      byte[] decoderBytes,
      String parityJson) {
    this.location = location;
    this.manifest = manifest;
    this.encoderBytes = encoderBytes;
    this.decoderBytes = decoderBytes;
    this.parityJson = parityJson;
  }

  /**
   * Reads and checks the pack in {@code directory}.
   *
   * @param directory the pack folder (model.json, encoder.onnx, decoder.onnx, parity.json)
   * @param engine the engine's analysis settings, which the pack's must equal
   * @throws VoicePackException naming the file and the problem
   */
  public static VoicePack fromDirectory(Path directory, AnalysisSettings engine) {
    if (!Files.exists(directory)) {
      throw new VoicePackException(
          directory + " does not exist; give the voice pack folder that holds model.json");
    }
    if (!Files.isDirectory(directory)) {
      throw new VoicePackException(
          directory + " is a file, not a folder; give the voice pack folder that holds model.json");
    }
    return load(new FolderFiles(directory), engine);
  }

  /**
   * Reads and checks the default pack bundled in Bowtie's jar, if this build has one.
   *
   * @param engine the engine's analysis settings, which the pack's must equal
   * @return the pack, or null when the jar carries no default pack
   * @throws VoicePackException when the bundled pack is present but broken
   */
  public static VoicePack bundled(AnalysisSettings engine) {
    ClassLoader loader = VoicePack.class.getClassLoader();
    if (loader.getResource(BUNDLED_RESOURCE + "model.json") == null) {
      return null;
    }
    return load(new ResourceFiles(loader), engine);
  }

  private static VoicePack load(PackFiles source, AnalysisSettings engine) {
    VoicePackManifest manifest =
        VoicePackManifest.parse(
            new String(source.read("model.json"), StandardCharsets.UTF_8),
            source.describe("model.json"));
    String where = source.describe("model.json");
    if (!manifest.settings().equals(engine)) {
      throw new VoicePackException(
          where
              + ": the pack was trained with analysis settings "
              + describe(manifest.settings())
              + " but this engine uses "
              + describe(engine)
              + "; use a pack exported for these settings");
    }
    checkSignature(manifest, where);
    byte[] encoder = readChecked(source, manifest.encoder(), where);
    byte[] decoder = readChecked(source, manifest.decoder(), where);
    if (!source.exists(manifest.parityFile())) {
      throw new VoicePackException(
          source.describe(manifest.parityFile())
              + " named by "
              + where
              + " is missing; export the pack again");
    }
    String parity = new String(source.read(manifest.parityFile()), StandardCharsets.UTF_8);
    return new VoicePack(source.describe(""), manifest, encoder, decoder, parity);
  }

  private static void checkSignature(VoicePackManifest m, String where) {
    int order = m.settings().order();
    expect(m.encoder(), true, ENCODER_INPUT, order, where, "encoder");
    expect(m.encoder(), false, ENCODER_MU, m.latentDim(), where, "encoder");
    expect(m.decoder(), true, DECODER_Z, m.latentDim(), where, "decoder");
    expect(m.decoder(), true, DECODER_SPEAKER, m.speakerEmbeddingDim(), where, "decoder");
    expect(m.decoder(), false, DECODER_OUTPUT, order, where, "decoder");
  }

  private static void expect(
      GraphEntry graph, boolean input, String name, int features, String where, String part) {
    TensorSpec spec = input ? graph.input(name) : graph.output(name);
    String role = input ? "input" : "output";
    if (spec == null) {
      throw new VoicePackException(
          where + ": " + part + " has no " + role + " '" + name + "'; export the pack again");
    }
    long[] shape = spec.shape();
    if (shape.length != 2 || shape[1] != features || (shape[0] != -1 && shape[0] != 1)) {
      throw new VoicePackException(
          where
              + ": "
              + part
              + " "
              + role
              + " '"
              + name
              + "' has shape "
              + spec.describeShape()
              + ", expected [batch, "
              + features
              + "]");
    }
  }

  private static byte[] readChecked(PackFiles source, GraphEntry graph, String where) {
    String name = graph.file();
    if (!source.exists(name)) {
      throw new VoicePackException(
          source.describe(name) + " named by " + where + " is missing; export the pack again");
    }
    byte[] bytes = source.read(name);
    String actual = sha256(bytes);
    if (!actual.equals(graph.sha256())) {
      throw new VoicePackException(
          source.describe(name)
              + " does not match the sha256 in "
              + where
              + " (changed or damaged after export); export the pack again");
    }
    return bytes;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String describe(AnalysisSettings s) {
    return String.format(
        java.util.Locale.ROOT,
        "(%d Hz, hop %d, window %d, FFT %d, order %d, alpha %s, F0 %s..%s Hz)",
        s.sampleRateHz(),
        s.hopSamples(),
        s.windowSamples(),
        s.fftSize(),
        s.order(),
        s.alpha(),
        s.f0MinHz(),
        s.f0MaxHz());
  }

  /** Where the pack came from: its folder, or the bundled resource. */
  public String location() {
    return location;
  }

  /** The pack's model.json. */
  public VoicePackManifest manifest() {
    return manifest;
  }

  /** The pack's speakers, in order. */
  public List<Speaker> speakers() {
    return manifest.speakers();
  }

  byte[] encoderBytes() {
    return encoderBytes;
  }

  byte[] decoderBytes() {
    return decoderBytes;
  }

  /** Where the encoder came from, for messages. */
  String encoderFile() {
    return location + manifest.encoder().file();
  }

  /** Where the decoder came from, for messages. */
  String decoderFile() {
    return location + manifest.decoder().file();
  }

  /** The text of parity.json. */
  public String parityJson() {
    return parityJson;
  }

  /** Where parity.json came from, for messages. */
  public String parityFile() {
    return location + manifest.parityFile();
  }

  /** Reads the files of a pack from one place. */
  private interface PackFiles {
    boolean exists(String name);

    byte[] read(String name);

    String describe(String name);
  }

  private record FolderFiles(Path directory) implements PackFiles {
    @Override
    public boolean exists(String name) {
      return Files.isRegularFile(directory.resolve(name));
    }

    @Override
    public byte[] read(String name) {
      Path file = directory.resolve(name);
      try {
        return Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new VoicePackException(
            file + " is missing; is " + directory + " a voice pack folder?", e);
      } catch (IOException e) {
        throw new VoicePackException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }

    @Override
    public String describe(String name) {
      String folder = directory.toString();
      return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }
  }

  private record ResourceFiles(ClassLoader loader) implements PackFiles {
    @Override
    public boolean exists(String name) {
      return loader.getResource(BUNDLED_RESOURCE + name) != null;
    }

    @Override
    public byte[] read(String name) {
      try (InputStream in = loader.getResourceAsStream(BUNDLED_RESOURCE + name)) {
        if (in == null) {
          throw new VoicePackException(describe(name) + " is missing from the Bowtie jar");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new VoicePackException("cannot read " + describe(name) + ": " + e.getMessage(), e);
      }
    }

    @Override
    public String describe(String name) {
      return "bowtie.jar!/" + BUNDLED_RESOURCE + name;
    }
  }
}
