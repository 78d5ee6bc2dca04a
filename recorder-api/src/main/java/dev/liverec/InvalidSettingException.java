package dev.liverec;

/**
 * A setting outside what liverec can record: a frame rate of 0, an unknown preset, a size the
 * encoder refuses. Thrown when the setting is given (a builder method) or, for what only the
 * encoder can tell, by {@code start()}; the message names the setting and its valid range.
 */
public final class InvalidSettingException extends LiverecException {
  private static final long serialVersionUID = 1L;

  public InvalidSettingException(String message) {
    super(message);
  }
}
