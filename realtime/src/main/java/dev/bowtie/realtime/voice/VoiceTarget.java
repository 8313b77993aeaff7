package dev.bowtie.realtime.voice;

import dev.bowtie.realtime.model.Speaker;
import dev.bowtie.realtime.model.VoicePackManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a neural voice aims at: a speaker embedding and the log-F0 Gaussian of the target, either
 * one pack speaker ({@code slt}) or a blend ({@code slt:0.6,rms:0.4}). A blend mixes the embeddings
 * and the log-F0 means and standard deviations with the given weights, normalised to sum to 1.
 *
 * <p>Immutable.
 *
 * @param name the selection as the user wrote it
 * @param embedding the decoder's speaker embedding
 * @param logF0Mean target log-F0 mean
 * @param logF0Std target log-F0 standard deviation
 */
public record VoiceTarget(String name, float[] embedding, double logF0Mean, double logF0Std) {
  /**
   * The largest blend weight. Weights are relative, so the bound costs nothing, and it keeps their
   * sum far from overflow.
   */
  public static final double MAX_WEIGHT = 100.0;

  /** Copies the embedding so the record stays immutable. */
  public VoiceTarget {
    embedding = embedding.clone();
  }

  @Override
  public float[] embedding() {
    return embedding.clone();
  }

  /** True when {@code selection} is a blend ({@code a:0.6,b:0.4}) rather than a plain name. */
  public static boolean isBlend(String selection) {
    return selection.indexOf(':') >= 0 || selection.indexOf(',') >= 0;
  }

  /**
   * Resolves a speaker name or a blend against a pack.
   *
   * @throws IllegalArgumentException naming the unknown speaker or the malformed weight
   */
  public static VoiceTarget resolve(String selection, VoicePackManifest pack) {
    List<Speaker> speakers = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (String part : selection.split(",", -1)) {
      String item = part.strip();
      int colon = item.lastIndexOf(':');
      String name = colon < 0 ? item : item.substring(0, colon).strip();
      double weight = 1.0;
      if (colon >= 0) {
        try {
          weight = Double.parseDouble(item.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "weight in '" + item + "' is not a number; write e.g. slt:0.6,rms:0.4", e);
        }
      }
      if (!(weight > 0 && weight <= MAX_WEIGHT)) {
        throw new IllegalArgumentException(
            "weight in '" + item + "' must be a number above 0 and at most 100");
      }
      Speaker speaker = pack.speaker(name);
      if (speaker == null) {
        throw new IllegalArgumentException(
            "'"
                + name
                + "' is not a voice of the pack; blends mix the pack's voices: "
                + names(pack));
      }
      speakers.add(speaker);
      weights.add(weight);
    }
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    float[] embedding = new float[pack.speakerEmbeddingDim()];
    double mean = 0;
    double std = 0;
    for (int s = 0; s < speakers.size(); s++) {
      double w = weights.get(s) / total;
      float[] e = speakers.get(s).embedding();
      for (int i = 0; i < embedding.length; i++) {
        embedding[i] += (float) (w * e[i]);
      }
      mean += w * speakers.get(s).logF0Mean();
      std += w * speakers.get(s).logF0Std();
    }
    return new VoiceTarget(selection.strip(), embedding, mean, std);
  }

  private static String names(VoicePackManifest pack) {
    List<String> names = new ArrayList<>();
    for (Speaker s : pack.speakers()) {
      names.add(s.name());
    }
    return String.join(", ", names);
  }

  /** exp(logF0Mean), in Hz. */
  public double typicalF0Hz() {
    return Math.exp(logF0Mean);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s (typical F0 %.0f Hz)", name, typicalF0Hz());
  }
}
