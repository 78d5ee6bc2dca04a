package dev.liverec;

/** A {@link Recorder} was asked for a new recording after it was closed. */
public final class IllegalRecorderStateException extends LiverecException {
  private static final long serialVersionUID = 1L;

  public IllegalRecorderStateException() {
    super("this Recorder is closed: it starts no new recordings. Build a new one with "
        + "Recorder.builder(), or close it only at shutdown");
  }
}
