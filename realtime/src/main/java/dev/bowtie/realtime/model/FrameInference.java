package dev.bowtie.realtime.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One stream's inference through a {@link VoiceModel}: one frame of normalised c1..cM through the
 * encoder (z = mu) and the decoder conditioned on a speaker embedding, at batch 1.
 *
 * <p>Every tensor is made once here, over a direct native-order buffer that ONNX Runtime reads and
 * writes in place: the encoder's input, the latent {@code mu} (the encoder's pinned output and at
 * the same time the decoder's {@code z} input, so the latent never leaves native memory), the
 * speaker embedding, and the decoder's pinned output. A frame copies the features in, runs two
 * sessions, and copies the result out.
 *
 * <p>What a frame allocates: Bowtie's side nothing; ONNX Runtime's Java binding allocates its
 * argument arrays and a {@code Result} in every {@link OrtSession#run}, 952 bytes per frame for the
 * two runs (ONNX Runtime 1.29, measured in {@code NeuralVoiceAllocationTest}), all short-lived.
 * Pinned outputs over tensors made once are the least-allocating path the binding offers.
 *
 * <p>One thread at a time. {@link #close()} is idempotent; close every inference before its model.
 */
public final class FrameInference implements AutoCloseable {
  private final VoiceModel model;
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

  FrameInference(VoiceModel model) throws OrtException {
    this.model = model;
    VoicePackManifest manifest = model.pack().manifest();
    order = manifest.settings().order();
    latentDim = manifest.latentDim();
    embeddingDim = manifest.speakerEmbeddingDim();
    features = direct(order);
    latent = direct(latentDim);
    speaker = direct(embeddingDim);
    converted = direct(order);
    var env = OnnxEnvironment.get();
    OnnxTensor f = null;
    OnnxTensor l = null;
    OnnxTensor s = null;
    OnnxTensor c = null;
    try {
      f = OnnxTensor.createTensor(env, features, new long[] {1, order});
      l = OnnxTensor.createTensor(env, latent, new long[] {1, latentDim});
      s = OnnxTensor.createTensor(env, speaker, new long[] {1, embeddingDim});
      c = OnnxTensor.createTensor(env, converted, new long[] {1, order});
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

  /** Sets the speaker embedding the decoder is conditioned on ({@code speakerEmbeddingDim}). */
  public void setSpeaker(float[] embedding) {
    checkOpen();
    checkLength(embedding, embeddingDim, "speaker embedding");
    for (int i = 0; i < embeddingDim; i++) {
      speaker.put(i, embedding[i]);
    }
  }

  /**
   * Converts one frame: encoder, then decoder with the current speaker.
   *
   * @param normalised normalised c1..cM (M values)
   * @param out receives the decoder's normalised c1..cM (M values)
   * @throws OrtException when ONNX Runtime fails
   */
  public void convert(float[] normalised, float[] out) throws OrtException {
    checkOpen();
    for (int i = 0; i < order; i++) {
      features.put(i, normalised[i]);
    }
    runEncoder();
    runDecoder();
    for (int i = 0; i < order; i++) {
      out[i] = converted.get(i);
    }
  }

  /**
   * Runs the encoder alone.
   *
   * @param normalised normalised c1..cM (M values)
   * @param mu receives the latent mean (Z values)
   * @throws OrtException when ONNX Runtime fails
   */
  public void encode(float[] normalised, float[] mu) throws OrtException {
    checkOpen();
    checkLength(normalised, order, "features");
    checkLength(mu, latentDim, "latent");
    for (int i = 0; i < order; i++) {
      features.put(i, normalised[i]);
    }
    runEncoder();
    for (int i = 0; i < latentDim; i++) {
      mu[i] = latent.get(i);
    }
  }

  /**
   * Runs the decoder alone, with the current speaker.
   *
   * @param z a latent code (Z values)
   * @param out receives normalised c1..cM (M values)
   * @throws OrtException when ONNX Runtime fails
   */
  public void decode(float[] z, float[] out) throws OrtException {
    checkOpen();
    checkLength(z, latentDim, "latent");
    checkLength(out, order, "features");
    for (int i = 0; i < latentDim; i++) {
      latent.put(i, z[i]);
    }
    runDecoder();
    for (int i = 0; i < order; i++) {
      out[i] = converted.get(i);
    }
  }

  private void runEncoder() throws OrtException {
    // The result holds only the pinned output, which this inference owns; closing it releases
    // the result alone.
    model.encoder().run(encoderInputs, encoderOutputs).close();
  }

  private void runDecoder() throws OrtException {
    // As in runEncoder: the output landed in the pinned tensor.
    model.decoder().run(decoderInputs, decoderOutputs).close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this frame inference is closed");
    }
  }

  private static void checkLength(float[] values, int expected, String what) {
    if (values.length != expected) {
      throw new IllegalArgumentException(
          what + " has " + values.length + " values, the model takes " + expected);
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
