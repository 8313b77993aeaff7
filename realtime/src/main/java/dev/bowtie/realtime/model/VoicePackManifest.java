package dev.bowtie.realtime.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.bowtie.realtime.dsp.AnalysisSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A voice pack's {@code model.json} (format {@code bowtie-voice-pack}, version 1), the contract
 * between Bowtie's training tool and the engine: the analysis settings the features were made with,
 * the normalisation of c1..cM, the speakers, and the two graphs.
 *
 * <p>The encoder maps normalised c1..cM ({@code mcep}, [batch, M]) to {@code mu} and {@code logvar}
 * ([batch, Z]); the decoder maps {@code z} ([batch, Z]) and {@code speaker} ([batch, E]) to
 * normalised c1..cM ({@code mcep}, [batch, M]). c0 is carried through unconverted.
 *
 * <p>Immutable.
 *
 * @param settings the analysis settings of the pack's features
 * @param latentDim Z
 * @param speakerEmbeddingDim E
 * @param featureMean mean of c1..cM over the training frames (M values)
 * @param featureStd standard deviation of c1..cM (M values, all positive)
 * @param speakers the pack's target voices, in the pack's order
 * @param encoder the encoder graph
 * @param decoder the decoder graph
 * @param parityFile the file of reference inputs and outputs that the start-up self-test checks
 */
public record VoicePackManifest(
    AnalysisSettings settings,
    int latentDim,
    int speakerEmbeddingDim,
    float[] featureMean,
    float[] featureStd,
    List<Speaker> speakers,
    GraphEntry encoder,
    GraphEntry decoder,
    String parityFile) {

  /** The value of {@code format} in every voice pack's model.json. */
  public static final String FORMAT = "bowtie-voice-pack";

  /** The manifest version this engine reads. */
  public static final int FORMAT_VERSION = 1;

  /** Copies arrays and lists so the record stays immutable. */
  public VoicePackManifest {
    featureMean = featureMean.clone();
    featureStd = featureStd.clone();
    speakers = List.copyOf(speakers);
  }

  @Override
  public float[] featureMean() {
    return featureMean.clone();
  }

  @Override
  public float[] featureStd() {
    return featureStd.clone();
  }

  /** The speaker called {@code name}, or null. */
  public Speaker speaker(String name) {
    for (Speaker speaker : speakers) {
      if (speaker.name().equals(name)) {
        return speaker;
      }
    }
    return null;
  }

  /**
   * Parses and checks a model.json.
   *
   * @param json the file's text
   * @param where the file, for messages (e.g. {@code /packs/slt/model.json})
   * @return the manifest
   * @throws VoicePackException naming {@code where} and the first problem found
   */
  public static VoicePackManifest parse(String json, String where) {
    JsonObject root;
    try {
      JsonElement element = JsonParser.parseString(json);
      if (!element.isJsonObject()) {
        throw new VoicePackException(where + " is not a JSON object; export the pack again");
      }
      root = element.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new VoicePackException(
          where + " is not valid JSON" + position(e) + "; export the pack again", e);
    }
    Reader r = new Reader(where);
    String format = r.string(root, "format");
    if (!FORMAT.equals(format)) {
      throw r.fail("format is '" + format + "', not '" + FORMAT + "'");
    }
    int version = r.integer(root, "formatVersion");
    if (version != FORMAT_VERSION) {
      throw r.fail(
          "formatVersion is "
              + version
              + " but this Bowtie reads version "
              + FORMAT_VERSION
              + "; use a matching Bowtie or export the pack again");
    }
    AnalysisSettings settings;
    try {
      settings =
          new AnalysisSettings(
              r.integer(root, "sampleRateHz"),
              r.integer(root, "hopSamples"),
              r.integer(root, "windowSamples"),
              r.integer(root, "fftSize"),
              r.integer(root, "order"),
              r.number(root, "alpha"),
              r.number(root, "f0MinHz"),
              r.number(root, "f0MaxHz"));
    } catch (IllegalArgumentException e) {
      throw r.fail("analysis settings are invalid: " + e.getMessage());
    }
    int order = settings.order();
    int latent = r.integer(root, "latentDim");
    int embeddingDim = r.integer(root, "speakerEmbeddingDim");
    float[] mean = r.floats(root, "featureMean", order);
    float[] std = r.floats(root, "featureStd", order);
    for (int i = 0; i < order; i++) {
      if (!(std[i] > 0) || !Float.isFinite(std[i]) || !Float.isFinite(mean[i])) {
        throw r.fail("featureStd/featureMean entry " + i + " is not a finite positive scale");
      }
    }
    List<Speaker> speakers = new ArrayList<>();
    JsonArray list = r.array(root, "speakers");
    if (list.isEmpty()) {
      throw r.fail("lists no speakers");
    }
    for (JsonElement item : list) {
      JsonObject s = r.object(item, "speakers[]");
      String name = r.string(s, "name");
      if (name.isBlank() || name.contains(",") || name.contains(":")) {
        throw r.fail("speaker name '" + name + "' is empty or contains ',' or ':'");
      }
      for (Speaker earlier : speakers) {
        if (earlier.name().equals(name)) {
          throw r.fail("speaker '" + name + "' is listed twice");
        }
      }
      double logF0Std = r.number(s, "logF0Std");
      if (!(logF0Std > 0)) {
        throw r.fail("speaker '" + name + "' has logF0Std " + logF0Std + " (must be > 0)");
      }
      speakers.add(
          new Speaker(
              name,
              r.string(s, "kind"),
              s.has("human") && r.flag(s, "human"),
              s.has("gender") ? r.string(s, "gender") : "unknown",
              r.floats(s, "embedding", embeddingDim),
              r.number(s, "logF0Mean"),
              logF0Std));
    }
    GraphEntry encoder = r.graph(root, "encoder");
    GraphEntry decoder = r.graph(root, "decoder");
    // Required: only the parity self-test notices weights replaced along with their sha256.
    String parity = r.string(root, "parity");
    return new VoicePackManifest(
        settings, latent, embeddingDim, mean, std, speakers, encoder, decoder, parity);
  }

  private static final Pattern JSON_POSITION = Pattern.compile("line (\\d+) column (\\d+)");

  /** Where the parser stopped, as " (line L, column C)", without the parser's own wording. */
  private static String position(JsonParseException e) {
    Matcher m = JSON_POSITION.matcher(String.valueOf(e.getMessage()));
    return m.find() ? " (line " + m.group(1) + ", column " + m.group(2) + ")" : "";
  }

  /** Typed field access that turns every gap into one clear line naming the file and key. */
  private static final class Reader {
    private final String where;

    Reader(String where) {
      this.where = where;
    }

    VoicePackException fail(String problem) {
      return new VoicePackException(where + ": " + problem);
    }

    private JsonElement field(JsonObject o, String key) {
      JsonElement e = o.get(key);
      if (e == null || e.isJsonNull()) {
        throw fail("'" + key + "' is missing; export the pack again");
      }
      return e;
    }

    JsonObject object(JsonElement e, String key) {
      if (!e.isJsonObject()) {
        throw fail("'" + key + "' is not an object");
      }
      return e.getAsJsonObject();
    }

    JsonArray array(JsonObject o, String key) {
      JsonElement e = field(o, key);
      if (!e.isJsonArray()) {
        throw fail("'" + key + "' is not a list");
      }
      return e.getAsJsonArray();
    }

    String string(JsonObject o, String key) {
      JsonElement e = field(o, key);
      if (!e.isJsonPrimitive()) {
        throw fail("'" + key + "' is not a string");
      }
      return e.getAsString();
    }

    boolean flag(JsonObject o, String key) {
      JsonElement e = field(o, key);
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
        throw fail("'" + key + "' is not true or false");
      }
      return e.getAsBoolean();
    }

    double number(JsonObject o, String key) {
      JsonElement e = field(o, key);
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
        throw fail("'" + key + "' is not a number");
      }
      return e.getAsDouble();
    }

    int integer(JsonObject o, String key) {
      double value = number(o, key);
      if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
        throw fail("'" + key + "' is " + value + ", not a whole number");
      }
      return (int) value;
    }

    float[] floats(JsonObject o, String key, int expected) {
      JsonArray list = array(o, key);
      if (list.size() != expected) {
        throw fail("'" + key + "' has " + list.size() + " values, expected " + expected);
      }
      float[] values = new float[expected];
      for (int i = 0; i < expected; i++) {
        JsonElement e = list.get(i);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
          throw fail("'" + key + "' entry " + i + " is not a number");
        }
        values[i] = e.getAsFloat();
      }
      return values;
    }

    GraphEntry graph(JsonObject root, String key) {
      JsonObject g = object(field(root, key), key);
      return new GraphEntry(
          string(g, "file"),
          string(g, "sha256").toLowerCase(java.util.Locale.ROOT),
          tensors(g, key + ".inputs", "inputs"),
          tensors(g, key + ".outputs", "outputs"));
    }

    private List<TensorSpec> tensors(JsonObject g, String label, String key) {
      List<TensorSpec> specs = new ArrayList<>();
      for (JsonElement item : array(g, key)) {
        JsonObject t = object(item, label);
        JsonArray dims = array(t, "shape");
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
          JsonElement d = dims.get(i);
          boolean symbolic = d.isJsonPrimitive() && d.getAsJsonPrimitive().isString();
          shape[i] = symbolic ? -1 : d.getAsLong();
        }
        specs.add(new TensorSpec(string(t, "name"), shape));
      }
      return specs;
    }
  }
}
