package dev.bowtie.realtime.model;

import ai.onnxruntime.OrtException;
import java.util.Locale;

/**
 * The check Bowtie runs when it opens a voice model, before any audio flows: the pack's parity
 * frames go through the encoder and decoder on the chosen execution provider, one frame at a time
 * as the engine runs them, and must match the outputs PyTorch computed at export within the pack's
 * tolerance. It also times the frames, so the start-up line says which provider runs and how fast.
 *
 * <p>Stateless; runs on the caller's thread.
 */
public final class ModelSelfTest {
  private ModelSelfTest() {}

  /**
   * The outcome.
   *
   * @param provider the provider that ran
   * @param frames parity frames checked
   * @param maxError largest absolute difference from the exported outputs
   * @param microsPerFrame mean time of one encoder+decoder frame, after a warm-up
   */
  public record Report(String provider, int frames, double maxError, double microsPerFrame) {
    /** One line for the start-up output. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "provider %s, parity max error %.1e on %d frames, %.0f us per frame",
          provider,
          maxError,
          frames,
          microsPerFrame);
    }
  }

  /**
   * Runs the self-test.
   *
   * @throws VoicePackException when ONNX Runtime fails or the outputs differ beyond the tolerance
   */
  public static Report run(VoiceModel model) {
    VoicePack pack = model.pack();
    int order = pack.manifest().settings().order();
    float[] out = new float[order];
    try (FrameInference inference = model.newInference()) {
      ParityCases cases = ParityCases.parse(pack.parityJson(), pack.parityFile());
      VoicePackManifest manifest = pack.manifest();
      cases.requireSizes(
          order, manifest.latentDim(), manifest.speakerEmbeddingDim(), pack.parityFile());
      int frames = 0;
      double maxError = 0;
      float[] mu = new float[manifest.latentDim()];
      for (int r = 0; r < cases.encoderInput().length; r++) {
        inference.encode(cases.encoderInput()[r], mu);
        maxError = Math.max(maxError, maxDifference(mu, cases.encoderMu()[r]));
        inference.setSpeaker(cases.decoderSpeaker()[r]);
        inference.decode(cases.decoderZ()[r], out);
        maxError = Math.max(maxError, maxDifference(out, cases.decoderOutput()[r]));
        frames++;
      }
      if (Double.isNaN(maxError)) {
        throw new VoicePackException(
            pack.parityFile()
                + ": the model gives NaN or infinity on the parity frames (damaged weights?);"
                + " export the pack again");
      }
      if (!(maxError <= cases.tolerance())) {
        throw new VoicePackException(
            String.format(
                Locale.ROOT,
                "%s: ONNX Runtime (%s) computes outputs up to %.2e away from the exported ones"
                    + " (tolerance %.0e); export the pack again%s",
                pack.parityFile(),
                model.provider(),
                maxError,
                cases.tolerance(),
                model.provider() == ai.onnxruntime.OrtProvider.CPU ? "" : " or run on the CPU"));
      }
      inference.setSpeaker(pack.speakers().get(0).embedding());
      float[] features = new float[order];
      int warmUp = 200;
      int timed = 1000;
      for (int i = 0; i < warmUp; i++) {
        inference.convert(features, out);
      }
      long start = System.nanoTime();
      for (int i = 0; i < timed; i++) {
        inference.convert(features, out);
      }
      double micros = (System.nanoTime() - start) / 1e3 / timed;
      return new Report(model.provider().name().toLowerCase(Locale.ROOT), frames, maxError, micros);
    } catch (OrtException e) {
      throw new VoicePackException(
          pack.location()
              + ": the model fails to run on "
              + model.provider()
              + " ("
              + VoiceModel.firstLine(e.getMessage())
              + ")",
          e);
    }
  }

  static double maxDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return a.length == b.length ? max : Double.POSITIVE_INFINITY;
  }
}
