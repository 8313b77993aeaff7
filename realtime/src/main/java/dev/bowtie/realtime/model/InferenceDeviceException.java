package dev.bowtie.realtime.model;

/**
 * The requested {@link InferenceDevice} cannot run on this machine or in this build of Bowtie. The
 * message is one line saying what ONNX Runtime answered and what to do.
 */
public final class InferenceDeviceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message one line: the device, ONNX Runtime's answer, what to do
   * @param cause ONNX Runtime's exception
   */
  public InferenceDeviceException(String message, Throwable cause) {
    super(message, cause);
  }
}
