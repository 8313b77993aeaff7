package dev.bowtie.realtime.model;

import ai.onnxruntime.OrtException;

/**
 * One stream's inference through a {@link VoiceModel}: one frame of normalised c1..cM through the
 * encoder (z = mu) and the decoder conditioned on a speaker embedding. It is a {@link
 * BatchInference} of one row, so it shares that class's tensors made once over direct buffers and
 * its allocation: nothing of Bowtie's own, 952 bytes of ONNX Runtime's binding per frame.
 *
 * <p>It also runs the encoder and the decoder one at a time ({@link #encode}, {@link #decode}), for
 * the start-up self-test, which compares each graph with the outputs PyTorch computed at export.
 *
 * <p>One thread at a time. {@link #close()} is idempotent; close every inference before its model.
 * Using a closed inference throws {@link IllegalStateException}.
 */
public final class FrameInference implements AutoCloseable {
  private final BatchInference batch;

  /** Takes ownership of {@code batch}, a batch of one row. */
  FrameInference(BatchInference batch) {
    this.batch = batch;
  }

  /** Sets the speaker embedding the decoder is conditioned on ({@code speakerEmbeddingDim}). */
  public void setSpeaker(float[] embedding) {
    batch.setSpeaker(0, embedding);
  }

  /**
   * Converts one frame: encoder, then decoder with the current speaker.
   *
   * @param normalised normalised c1..cM (M values)
   * @param out receives the decoder's normalised c1..cM (M values)
   * @throws OrtException when ONNX Runtime fails
   */
  public void convert(float[] normalised, float[] out) throws OrtException {
    batch.setFeatures(0, normalised);
    batch.run();
    batch.converted(0, out);
  }

  /**
   * Runs the encoder alone.
   *
   * @param normalised normalised c1..cM (M values)
   * @param mu receives the latent mean (Z values)
   * @throws OrtException when ONNX Runtime fails
   */
  public void encode(float[] normalised, float[] mu) throws OrtException {
    batch.setFeatures(0, normalised);
    batch.runEncoder();
    batch.latent(0, mu);
  }

  /**
   * Runs the decoder alone, with the current speaker.
   *
   * @param z a latent code (Z values)
   * @param out receives normalised c1..cM (M values)
   * @throws OrtException when ONNX Runtime fails
   */
  public void decode(float[] z, float[] out) throws OrtException {
    batch.setLatent(0, z);
    batch.runDecoder();
    batch.converted(0, out);
  }

  @Override
  public void close() {
    batch.close();
  }
}
