package dev.bowtie.realtime.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * Inference for several streams at once through a {@link VoiceModel}: row r of every tensor belongs
 * to stream r, and {@link #run()} passes all rows through the encoder (z = mu) in one call and
 * through the decoder, each row conditioned on its own speaker embedding, in a second call. The
 * graphs' batch axis is the stream axis.
 *
 * <p>Every tensor is made once here, over a direct native-order buffer that ONNX Runtime reads and
 * writes in place: the encoder's input [N, M], the latent {@code mu} [N, Z] (the encoder's pinned
 * output and at the same time the decoder's {@code z} input, so the latent never leaves native
 * memory), the speaker embeddings [N, E], and the decoder's pinned output [N, M]. A call copies
 * each stream's features in, runs two sessions, and copies each stream's result out.
 *
 * <p>What a call allocates: Bowtie's side nothing; ONNX Runtime's Java binding allocates its
 * argument arrays and a {@code Result} in every {@link OrtSession#run}, 952 bytes for the two runs
 * (1096 without escape analysis; ONNX Runtime 1.29, measured in {@code NeuralVoiceAllocationTest}
 * and {@code StreamAllocationTest}) whatever the number of rows, all short-lived. Pinned outputs
 * over tensors made once are the least-allocating path the binding offers.
 *
 * <p>One thread at a time. {@link #close()} is idempotent; close every inference before its model.
 * Using a closed inference throws {@link IllegalStateException}.
 */
public final class BatchInference implements AutoCloseable {
  private final VoiceModel model;
  private final int streams;
  private final int order;
  private final int latentDim;
  private final int embeddingDim;
  private final FloatBuffer features;
  private final FloatBuffer latent;
  private final FloatBuffer speaker;
  private final FloatBuffer converted;
  private final OnnxTensor featuresTensor;
  private final OnnxTensor latentTensor;
  private final OnnxTensor speakerTensor;
  private final OnnxTensor convertedTensor;
  private final Map<String, OnnxTensor> encoderInputs;
  private final Map<String, OnnxTensor> encoderOutputs;
  private final Map<String, OnnxTensor> decoderInputs;
  private final Map<String, OnnxTensor> decoderOutputs;
  private boolean closed;

  BatchInference(VoiceModel model, int streams) throws OrtException {
    if (streams < 1) {
      throw new IllegalArgumentException("a batch needs at least one stream, not " + streams);
    }
    this.model = model;
    this.streams = streams;
    VoicePackManifest manifest = model.pack().manifest();
    order = manifest.settings().order();
    latentDim = manifest.latentDim();
    embeddingDim = manifest.speakerEmbeddingDim();
    features = direct(streams * order);
    latent = direct(streams * latentDim);
    speaker = direct(streams * embeddingDim);
    converted = direct(streams * order);
    var env = OnnxEnvironment.get();
    OnnxTensor f = null;
    OnnxTensor l = null;
    OnnxTensor s = null;
    OnnxTensor c = null;
    try {
      f = OnnxTensor.createTensor(env, features, new long[] {streams, order});
      l = OnnxTensor.createTensor(env, latent, new long[] {streams, latentDim});
      s = OnnxTensor.createTensor(env, speaker, new long[] {streams, embeddingDim});
      c = OnnxTensor.createTensor(env, converted, new long[] {streams, order});
    } catch (OrtException | RuntimeException e) {
      closeAll(f, l, s, c);
      throw e;
    }
    featuresTensor = f;
    latentTensor = l;
    speakerTensor = s;
    convertedTensor = c;
    encoderInputs = Map.of(VoicePack.ENCODER_INPUT, featuresTensor);
    encoderOutputs = Map.of(VoicePack.ENCODER_MU, latentTensor);
    decoderInputs =
        Map.of(VoicePack.DECODER_Z, latentTensor, VoicePack.DECODER_SPEAKER, speakerTensor);
    decoderOutputs = Map.of(VoicePack.DECODER_OUTPUT, convertedTensor);
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  /** Number of streams (rows) every call converts. */
  public int streams() {
    return streams;
  }

  /**
   * Sets the speaker embedding stream {@code stream}'s row of the decoder is conditioned on.
   *
   * @param stream the row, 0 to {@code streams() - 1}
   * @param embedding {@code speakerEmbeddingDim} values
   */
  public void setSpeaker(int stream, float[] embedding) {
    put(speaker, stream, embedding, embeddingDim, "speaker embedding");
  }

  /**
   * Sets the input of stream {@code stream} for the next {@link #run()}.
   *
   * @param stream the row, 0 to {@code streams() - 1}
   * @param normalised normalised c1..cM (M values)
   */
  public void setFeatures(int stream, float[] normalised) {
    put(features, stream, normalised, order, "features");
  }

  /**
   * Converts every stream's features: the encoder once over all rows, then the decoder once over
   * all rows, each with its own speaker.
   *
   * @throws OrtException when ONNX Runtime fails
   */
  public void run() throws OrtException {
    runEncoder();
    runDecoder();
  }

  /**
   * Copies out stream {@code stream}'s result of the last {@link #run()}.
   *
   * @param stream the row, 0 to {@code streams() - 1}
   * @param out receives the decoder's normalised c1..cM (M values)
   */
  public void converted(int stream, float[] out) {
    get(converted, stream, out, order, "features");
  }

  /** Runs the encoder alone over all rows; its {@code mu} lands in the latent rows. */
  void runEncoder() throws OrtException {
    checkOpen();
    // The result holds only the pinned output, which this inference owns; closing it releases
    // the result alone.
    model.encoder().run(encoderInputs, encoderOutputs).close();
  }

  /** Runs the decoder alone over all rows, from the latent rows and the speakers. */
  void runDecoder() throws OrtException {
    checkOpen();
    // As in runEncoder: the output landed in the pinned tensor.
    model.decoder().run(decoderInputs, decoderOutputs).close();
  }

  /** Copies out a stream's latent row (Z values): the encoder's mu after {@link #runEncoder}. */
  void latent(int stream, float[] mu) {
    get(latent, stream, mu, latentDim, "latent");
  }

  /** Sets a stream's latent row (Z values), the decoder's z input. */
  void setLatent(int stream, float[] z) {
    put(latent, stream, z, latentDim, "latent");
  }

  private void put(FloatBuffer buffer, int stream, float[] values, int width, String what) {
    int base = row(stream, values, width, what);
    for (int i = 0; i < width; i++) {
      buffer.put(base + i, values[i]);
    }
  }

  private void get(FloatBuffer buffer, int stream, float[] values, int width, String what) {
    int base = row(stream, values, width, what);
    for (int i = 0; i < width; i++) {
      values[i] = buffer.get(base + i);
    }
  }

  /** Index of a row's first value, after checking the row, the array and that this is open. */
  private int row(int stream, float[] values, int width, String what) {
    checkOpen();
    Objects.checkIndex(stream, streams);
    if (values.length != width) {
      throw new IllegalArgumentException(
          what + " has " + values.length + " values, the model takes " + width);
    }
    return stream * width;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this inference is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeAll(featuresTensor, latentTensor, speakerTensor, convertedTensor);
    }
  }

  private static void closeAll(OnnxTensor... tensors) {
    for (OnnxTensor tensor : tensors) {
      if (tensor != null) {
        tensor.close();
      }
    }
  }
}
