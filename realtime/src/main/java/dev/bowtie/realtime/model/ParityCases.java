package dev.bowtie.realtime.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A voice pack's {@code parity.json}: inputs with the outputs PyTorch computed for them at export,
 * so that the engine can prove ONNX Runtime computes the same function. Rows are frames.
 *
 * <p>Immutable in practice (arrays are not handed out for modification).
 *
 * @param tolerance the largest absolute difference the exporter accepts
 * @param encoderInput normalised c1..cM, one row per frame
 * @param encoderMu the encoder's {@code mu} for each row
 * @param decoderZ the decoder's {@code z} for each row
 * @param decoderSpeaker the decoder's {@code speaker} for each row
 * @param decoderOutput the decoder's normalised c1..cM for each row
 * @param rawInput raw c1..cM for the end-to-end case
 * @param rawSpeaker the speaker embedding for each end-to-end row
 * @param rawOutput raw c1..cM after normalise, encode, decode, denormalise
 */
public record ParityCases(
    double tolerance,
    float[][] encoderInput,
    float[][] encoderMu,
    float[][] decoderZ,
    float[][] decoderSpeaker,
    float[][] decoderOutput,
    float[][] rawInput,
    float[][] rawSpeaker,
    float[][] rawOutput) {

  /**
   * Parses parity.json.
   *
   * @param json the file's text
   * @param where the file, for messages
   * @throws VoicePackException naming the file when a part is missing or malformed
   */
  public static ParityCases parse(String json, String where) {
    try {
      JsonObject root = JsonParser.parseString(json).getAsJsonObject();
      JsonObject encoder = root.getAsJsonObject("encoder");
      JsonObject decoder = root.getAsJsonObject("decoder");
      JsonObject conversion = root.getAsJsonObject("conversion");
      return new ParityCases(
          root.get("tolerance").getAsDouble(),
          rows(encoder.getAsJsonObject("inputs"), "mcep"),
          rows(encoder.getAsJsonObject("outputs"), "mu"),
          rows(decoder.getAsJsonObject("inputs"), "z"),
          rows(decoder.getAsJsonObject("inputs"), "speaker"),
          rows(decoder.getAsJsonObject("outputs"), "mcep"),
          rows(conversion.getAsJsonObject("inputs"), "rawMcep"),
          rows(conversion.getAsJsonObject("inputs"), "speaker"),
          rows(conversion.getAsJsonObject("outputs"), "rawMcep"));
    } catch (RuntimeException e) {
      // Gson reports a missing key as null and a wrong type as one of several runtime
      // exceptions; for the user they all mean the same thing.
      throw new VoicePackException(
          where + " is not a parity file Bowtie understands; export the pack again", e);
    }
  }

  /**
   * Checks that the self-test can feed these frames to the graphs: at least one frame, the same
   * number in every part, and rows as wide as the pack's tensors.
   *
   * @param order M, the width of {@code mcep}
   * @param latent Z, the width of {@code mu} and {@code z}
   * @param embedding E, the width of {@code speaker}
   * @param where the file, for messages
   * @throws VoicePackException naming the file and the part that does not fit
   */
  public void requireSizes(int order, int latent, int embedding, String where) {
    int frames = encoderInput.length;
    if (frames == 0) {
      throw new VoicePackException(where + " holds no frames; export the pack again");
    }
    fits(encoderInput, frames, order, "encoder inputs mcep", where);
    fits(encoderMu, frames, latent, "encoder outputs mu", where);
    fits(decoderZ, frames, latent, "decoder inputs z", where);
    fits(decoderSpeaker, frames, embedding, "decoder inputs speaker", where);
    fits(decoderOutput, frames, order, "decoder outputs mcep", where);
  }

  private static void fits(float[][] rows, int frames, int width, String part, String where) {
    boolean fit = rows.length == frames;
    for (int r = 0; fit && r < rows.length; r++) {
      fit = rows[r].length == width;
    }
    if (!fit) {
      throw new VoicePackException(
          where
              + ": "
              + part
              + " is not "
              + frames
              + " rows of "
              + width
              + " values as the pack's model.json says; export the pack again");
    }
  }

  private static float[][] rows(JsonObject parent, String key) {
    JsonArray list = parent.getAsJsonArray(key);
    float[][] rows = new float[list.size()][];
    for (int r = 0; r < rows.length; r++) {
      JsonArray row = list.get(r).getAsJsonArray();
      rows[r] = new float[row.size()];
      int i = 0;
      for (JsonElement value : row) {
        rows[r][i++] = value.getAsFloat();
      }
    }
    return rows;
  }
}
