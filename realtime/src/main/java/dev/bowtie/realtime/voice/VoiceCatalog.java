package dev.bowtie.realtime.voice;

import dev.bowtie.realtime.model.Speaker;
import dev.bowtie.realtime.model.VoiceModel;
import dev.bowtie.realtime.model.VoicePackException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The voices a user can pick by name: the built-in DSP voices, which need no model, and, when a
 * voice pack is open, its speakers and any blend of them ({@code slt:0.6,rms:0.4}). Each lookup
 * makes a fresh {@link Voice}, so every stream owns its own (and closes it).
 *
 * <p>Thread-safe: the catalogue is fixed at construction. It does not own the {@link VoiceModel};
 * close the voices, then the model.
 */
public final class VoiceCatalog {
  /**
   * One entry of {@code bowtie voices}.
   *
   * @param name what a user picks the voice by
   * @param kind {@code built-in} or the pack speaker's kind ({@code tts}, {@code debian}, ...)
   * @param description one line for people
   */
  public record Entry(String name, String kind, String description) {}

  private final Map<String, Supplier<Voice>> voices = new LinkedHashMap<>();
  private final List<Entry> entries = new ArrayList<>();
  private final VoiceModel model;

  private VoiceCatalog(VoiceModel model) {
    this.model = model;
  }

  /** The built-in voices for mel-cepstral order {@code order}. */
  public static VoiceCatalog builtIn(int order) {
    VoiceCatalog catalog = new VoiceCatalog(null);
    catalog.addBuiltIns(order);
    return catalog;
  }

  /**
   * The built-in voices plus the speakers of {@code model}'s pack, which may also be blended.
   *
   * @throws VoicePackException when a speaker has the name of a built-in voice, which would hide
   *     one of the two
   */
  public static VoiceCatalog withModel(VoiceModel model) {
    VoiceCatalog catalog = new VoiceCatalog(model);
    int order = model.pack().manifest().settings().order();
    List<String> builtIn = builtIn(order).names();
    for (Speaker speaker : model.pack().speakers()) {
      String name = speaker.name();
      if (builtIn.contains(name)) {
        throw new VoicePackException(
            model.pack().location()
                + "model.json: speaker '"
                + name
                + "' in 'speakers' has the name of a built-in voice ("
                + String.join(", ", builtIn)
                + "); rename it and export the pack again");
      }
      catalog.add(
          new Entry(
              name,
              speaker.kind(),
              String.format(
                  Locale.ROOT,
                  "neural: %s %s voice, typical F0 %.0f Hz",
                  speaker.gender(),
                  speaker.human() ? "human" : "synthetic",
                  speaker.typicalF0Hz())),
          () -> new NeuralVoice(model, VoiceTarget.resolve(name, model.pack().manifest())));
    }
    catalog.addBuiltIns(order);
    return catalog;
  }

  private void addBuiltIns(int order) {
    add(
        new Entry(IdentityVoice.NAME, "built-in", "your own voice, analysed and resynthesised"),
        IdentityVoice::new);
    add(
        new Entry(
            "child",
            "built-in",
            String.format(
                Locale.ROOT,
                "pitch x%.2f, formants x%.2f",
                DspVoice.CHILD_PITCH,
                DspVoice.CHILD_FORMANTS)),
        () -> DspVoice.child(order));
    add(
        new Entry(
            "deep",
            "built-in",
            String.format(
                Locale.ROOT,
                "pitch x%.2f, formants x%.2f",
                DspVoice.DEEP_PITCH,
                DspVoice.DEEP_FORMANTS)),
        () -> DspVoice.deep(order));
    add(
        new Entry(
            "robot",
            "built-in",
            String.format(
                Locale.ROOT, "one pitch (%.0f Hz) wherever you are voiced", DspVoice.ROBOT_F0_HZ)),
        () -> DspVoice.robot(order));
    add(
        new Entry("whisper", "built-in", "noise excitation: a whisper"),
        () -> DspVoice.whisper(order));
  }

  private void add(Entry entry, Supplier<Voice> voice) {
    voices.put(entry.name(), voice);
    entries.add(entry);
  }

  /** Names of every voice, in the order users see them. */
  public List<String> names() {
    return List.copyOf(voices.keySet());
  }

  /** Every voice with its kind and description, in the order users see them. */
  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  /**
   * Makes the voice {@code selection}: a name, or a blend of pack speakers ({@code a:0.6,b:0.4}).
   *
   * @throws IllegalArgumentException naming the unknown voice and listing the known ones
   */
  public Voice create(String selection) {
    if (VoiceTarget.isBlend(selection)) {
      if (model == null) {
        throw new IllegalArgumentException(
            "blending '" + selection + "' needs a voice pack; none is loaded");
      }
      return new NeuralVoice(model, VoiceTarget.resolve(selection, model.pack().manifest()));
    }
    Supplier<Voice> voice = voices.get(selection);
    if (voice == null) {
      throw new IllegalArgumentException(
          "unknown voice '" + selection + "'; choose one of: " + String.join(", ", names()));
    }
    return voice.get();
  }

  /**
   * Makes the voice {@code selection} with its F0 moved by {@code semitones}.
   *
   * @throws IllegalArgumentException as {@link #create(String)}
   */
  public Voice create(String selection, double semitones) {
    Voice voice = create(selection);
    return semitones == 0.0 ? voice : new PitchShiftedVoice(voice, semitones);
  }
}
