package dev.bowtie.realtime.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A voice pack's encoder and decoder opened as ONNX Runtime sessions on one execution provider.
 * Opening checks that the graphs ONNX Runtime sees have exactly the tensors {@code model.json}
 * lists, so a manifest that lies about shapes is caught at start, not in the audio path.
 *
 * <p>Sessions run one intra-op thread: a frame is a batch-1 product of a few small matrices, where
 * handing work to a thread pool costs more than it saves, and each stream already has its own
 * thread.
 *
 * <p>Thread-safe for {@link #newInference()} and {@link #newBatchInference(int)} (ONNX Runtime
 * sessions may run concurrently; each inference belongs to one thread). {@link #close()} is
 * idempotent; close the inferences first.
 */
public final class VoiceModel implements AutoCloseable {
  private final VoicePack pack;
  private final OrtSession.SessionOptions options;
  private final OrtSession encoder;
  private final OrtSession decoder;
  private final OrtProvider provider;
  private final String deviceNote;
  private volatile boolean closed;

  private VoiceModel(
      VoicePack pack,
      OrtSession.SessionOptions options,
      OrtSession encoder,
      OrtSession decoder,
      OrtProvider provider,
      String deviceNote) {
    this.pack = pack;
    this.options = options;
    this.encoder = encoder;
    this.decoder = decoder;
    this.provider = provider;
    this.deviceNote = deviceNote;
  }

  /**
   * Opens a pack's graphs on {@code device}.
   *
   * @throws InferenceDeviceException when {@code device} is CUDA and ONNX Runtime cannot run it
   * @throws VoicePackException when a graph is not valid ONNX or its tensors differ from model.json
   */
  public static VoiceModel open(VoicePack pack, InferenceDevice device) {
    // First: the environment decides where ONNX Runtime's libraries load from (OnnxEnvironment).
    OrtEnvironment env = OnnxEnvironment.get();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    OrtSession encoder = null;
    OrtSession decoder = null;
    try {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      OrtProvider provider = OrtProvider.CPU;
      String note = "cpu requested";
      if (device != InferenceDevice.CPU) {
        try {
          options.addCUDA(0);
          provider = OrtProvider.CUDA;
          note = device == InferenceDevice.AUTO ? "auto chose cuda" : "cuda requested";
        } catch (OrtException e) {
          String answer = firstLine(e.getMessage());
          if (device == InferenceDevice.CUDA) {
            throw new InferenceDeviceException(
                "ONNX Runtime cannot run CUDA here ("
                    + answer
                    + "); build Bowtie with 'mvn -Pgpu package' on a machine with an NVIDIA GPU,"
                    + " CUDA and cuDNN, or run on the CPU",
                e);
          }
          note = "auto fell back to cpu: CUDA unavailable (" + answer + ")";
        }
      }
      encoder = createSession(env, pack.encoderBytes(), options, pack.encoderFile());
      decoder = createSession(env, pack.decoderBytes(), options, pack.decoderFile());
      VoicePackManifest m = pack.manifest();
      String where = pack.location() + "model.json";
      checkAgainstGraph(m.encoder(), encoder, pack.encoderFile(), where);
      checkAgainstGraph(m.decoder(), decoder, pack.decoderFile(), where);
      return new VoiceModel(pack, options, encoder, decoder, provider, note);
    } catch (OrtException e) {
      closeQuietly(encoder, decoder, options);
      throw new VoicePackException(
          pack.location() + ": ONNX Runtime failed to set up (" + firstLine(e.getMessage()) + ")",
          e);
    } catch (RuntimeException e) {
      closeQuietly(encoder, decoder, options);
      throw e;
    }
  }

  private static OrtSession createSession(
      OrtEnvironment env, byte[] bytes, OrtSession.SessionOptions options, String file) {
    try {
      return env.createSession(bytes, options);
    } catch (OrtException e) {
      throw new VoicePackException(
          file
              + " is not a model ONNX Runtime can load ("
              + firstLine(e.getMessage())
              + "); export the pack again",
          e);
    }
  }

  private static void checkAgainstGraph(
      GraphEntry entry, OrtSession session, String file, String manifest) throws OrtException {
    compare(entry.inputs(), session.getInputInfo(), "inputs", file, manifest);
    compare(entry.outputs(), session.getOutputInfo(), "outputs", file, manifest);
  }

  private static void compare(
      List<TensorSpec> listed,
      Map<String, NodeInfo> actual,
      String what,
      String file,
      String manifest) {
    boolean same = listed.size() == actual.size();
    for (TensorSpec spec : listed) {
      NodeInfo node = actual.get(spec.name());
      if (node == null || !(node.getInfo() instanceof TensorInfo info)) {
        same = false;
        break;
      }
      if (!Arrays.equals(info.getShape(), spec.shape())) {
        same = false;
        break;
      }
    }
    if (!same) {
      throw new VoicePackException(
          file
              + " "
              + what
              + " are "
              + describe(actual)
              + " but "
              + manifest
              + " lists "
              + listed
              + "; export the pack again");
    }
  }

  private static String describe(Map<String, NodeInfo> nodes) {
    StringBuilder text = new StringBuilder("[");
    for (NodeInfo node : nodes.values()) {
      text.append(text.length() > 1 ? ", " : "").append(node.getName());
      if (node.getInfo() instanceof TensorInfo info) {
        text.append(' ').append(new TensorSpec(node.getName(), info.getShape()).describeShape());
      }
    }
    return text.append(']').toString();
  }

  static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    String line = message.strip();
    int newline = line.indexOf('\n');
    return newline < 0 ? line : line.substring(0, newline);
  }

  private static void closeQuietly(
      OrtSession encoder, OrtSession decoder, OrtSession.SessionOptions options) {
    for (OrtSession session : new OrtSession[] {encoder, decoder}) {
      if (session != null) {
        try {
          session.close();
        } catch (OrtException e) {
          // Already failing: the first error is the one the user needs to see.
        }
      }
    }
    options.close();
  }

  /** The pack the graphs came from. */
  public VoicePack pack() {
    return pack;
  }

  /** The execution provider the sessions were created with. */
  public OrtProvider provider() {
    return provider;
  }

  /** How the provider was chosen, e.g. {@code auto fell back to cpu: CUDA unavailable (...)}. */
  public String deviceNote() {
    return deviceNote;
  }

  /**
   * Makes one stream's tensors. The caller owns (and closes) the result.
   *
   * @throws IllegalStateException when the model is closed
   */
  public FrameInference newInference() {
    return new FrameInference(newBatchInference(1));
  }

  /**
   * Makes the tensors of {@code streams} streams converted together, one row each. The caller owns
   * (and closes) the result.
   *
   * @throws IllegalArgumentException when {@code streams} is below 1
   * @throws IllegalStateException when the model is closed
   */
  public BatchInference newBatchInference(int streams) {
    checkOpen();
    try {
      return new BatchInference(this, streams);
    } catch (OrtException e) {
      throw new VoicePackException(
          pack.location() + ": cannot make input tensors (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  OrtSession encoder() {
    return encoder;
  }

  OrtSession decoder() {
    return decoder;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the voice model of " + pack.location() + " is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeQuietly(encoder, decoder, options);
    }
  }
}
