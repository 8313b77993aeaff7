package dev.bowtie.realtime.model;

/**
 * One target voice of a voice pack: its name, where its training speech came from, the speaker
 * embedding the decoder is conditioned on, and its log-F0 statistics (natural log of Hz, over
 * voiced frames) for F0 conversion.
 *
 * <p>Immutable (the embedding is copied in and out).
 *
 * @param name the name users select the voice by
 * @param kind where the speech came from: {@code tts}, {@code debian} or {@code user}
 * @param human whether a person (not a synthesiser) spoke the training speech
 * @param gender {@code female}, {@code male} or {@code unknown}, as the pack states it
 * @param embedding the decoder's speaker embedding
 * @param logF0Mean mean of the log F0 over voiced frames
 * @param logF0Std standard deviation of the log F0 over voiced frames
 */
public record Speaker(
    String name,
    String kind,
    boolean human,
    String gender,
    float[] embedding,
    double logF0Mean,
    double logF0Std) {

  /** Copies the embedding so the record stays immutable. */
  public Speaker {
    embedding = embedding.clone();
  }

  @Override
  public float[] embedding() {
    return embedding.clone();
  }

  /** exp(logF0Mean): the speaker's typical F0 in Hz (the geometric mean). */
  public double typicalF0Hz() {
    return Math.exp(logF0Mean);
  }
}
