package dev.bowtie.plugin.cli;

import dev.bowtie.realtime.dsp.AnalysisSettings;
import dev.bowtie.realtime.dsp.SynthesisMode;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.model.VoicePackException;
import dev.bowtie.realtime.voice.PitchShiftedVoice;
import dev.bowtie.realtime.voice.Voice;
import dev.bowtie.realtime.voice.VoiceCatalog;
import dev.bowtie.realtime.voice.VoiceTarget;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The voice options every command that changes a voice shares ({@code convert}, {@code live}):
 * {@code --voice}, {@code --pitch} and {@code --synthesis}, plus {@link ModelOptions}' {@code
 * --model} and {@code --device}. Add it to a command with {@code @Mixin VoiceOptions voice;} and
 * call {@link #open}.
 *
 * <p>Used on the command's thread at start-up only.
 */
public final class VoiceOptions {

  @Option(
      names = "--voice",
      defaultValue = "identity",
      paramLabel = "NAME",
      description =
          "Target voice: a built-in voice, a voice of the pack, or a blend of pack voices such as"
              + " slt:0.6,rms:0.4 (weights above 0, at most 100, scaled to sum to 1). 'bowtie"
              + " voices' lists them. Default: ${DEFAULT-VALUE}.")
  String voice;

  @Option(
      names = "--pitch",
      defaultValue = "0",
      paramLabel = "SEMITONES",
      description =
          "Moves the converted pitch by this many semitones (vocoder synthesis), -24 to 24."
              + " Default: ${DEFAULT-VALUE}.")
  double pitchSemitones;

  @Option(
      names = "--synthesis",
      defaultValue = "vocoder",
      paramLabel = "MODE",
      description =
          "vocoder (pulse/noise excitation at the target pitch) or residual (the input's own"
              + " residual; keeps your natural source, and rebuilds the input almost exactly for"
              + " 'identity'). Default: ${DEFAULT-VALUE}.")
  SynthesisMode synthesis;

  @Mixin ModelOptions modelOptions;

  /** The voice the options select, with the model behind it; close it when done. */
  public static final class Selection implements AutoCloseable {
    private final Voice voice;
    private final VoiceModel model;

    Selection(Voice voice, VoiceModel model) {
      this.voice = voice;
      this.model = model;
    }

    /** The voice, ready for a {@link dev.bowtie.realtime.pipeline.VoiceEngine}. */
    public Voice voice() {
      return voice;
    }

    /** The opened model, or null when the voice needs none. */
    public VoiceModel model() {
      return model;
    }

    /** Closes the voice, then the model. Idempotent. */
    @Override
    public void close() {
      voice.close();
      if (model != null) {
        model.close();
      }
    }
  }

  /**
   * Opens what the options ask for. The model is opened only when the voice needs one (a pack
   * voice, a blend, or {@code --model} given); then the self-test runs and one line says which
   * provider runs and how fast.
   *
   * @param settings the engine's analysis settings, which the pack's must equal
   * @param out where the start-up lines go
   * @throws UserError for an unknown voice, a bad pack or a device that cannot run
   */
  public Selection open(AnalysisSettings settings, PrintWriter out) {
    if (!PitchShiftedVoice.isValidShift(pitchSemitones)) {
      throw new UserError(
          "--pitch " + pitchSemitones + ": give a number of semitones from -24 to 24");
    }
    boolean builtIn = VoiceCatalog.builtIn(settings.order()).names().contains(voice);
    if (builtIn && !modelOptions.modelGiven()) {
      return new Selection(create(VoiceCatalog.builtIn(settings.order())), null);
    }
    VoiceModel opened = modelOptions.open(settings, out);
    if (opened == null) {
      String hint =
          VoiceTarget.isBlend(voice)
              ? "blending needs a voice pack"
              : "unknown voice '" + voice + "'";
      throw new UserError(
          "--voice: "
              + hint
              + "; this Bowtie has no bundled voice pack, so give one with --model DIR"
              + " (built-in voices: "
              + String.join(", ", VoiceCatalog.builtIn(settings.order()).names())
              + ")");
    }
    try {
      return new Selection(create(VoiceCatalog.withModel(opened)), opened);
    } catch (VoicePackException e) {
      opened.close();
      throw new UserError(e.getMessage(), e);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  private Voice create(VoiceCatalog catalog) {
    try {
      return catalog.create(voice, pitchSemitones);
    } catch (IllegalArgumentException e) {
      throw new UserError("--voice: " + e.getMessage(), e);
    }
  }
}
