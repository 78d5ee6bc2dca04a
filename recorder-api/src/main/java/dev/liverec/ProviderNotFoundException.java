package dev.liverec;

/** No encoder or muxer provider is on the classpath. */
public final class ProviderNotFoundException extends LiverecException {
  private static final long serialVersionUID = 1L;

  public ProviderNotFoundException(String what) {
    super("no " + what + " provider found on the classpath: add the dev.liverec:recorder-ffmpeg "
        + "dependency, or set one with Recorder.builder().encoderProvider(...)");
  }
}
