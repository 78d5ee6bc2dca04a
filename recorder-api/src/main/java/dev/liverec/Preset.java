package dev.liverec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How much encoding time to trade for a smaller file at the same quality, from {@link #ULTRAFAST}
 * (least CPU, largest file) to {@link #VERYSLOW}. The steps are the ones H.264 encoders share;
 * an encoder provider maps them to its own settings. Live recording wants {@link #VERYFAST} or
 * faster: the encoder must keep up with the stream on every frame.
 */
public enum Preset {
  ULTRAFAST,
  SUPERFAST,
  VERYFAST,
  FASTER,
  FAST,
  MEDIUM,
  SLOW,
  SLOWER,
  VERYSLOW;

  /** The lower-case name, as H.264 encoders spell it ({@code veryfast}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The preset named {@code name} (any case).
   *
   * @throws InvalidSettingException for a name that is not a preset; the message lists them
   */
  public static Preset parse(String name) {
    for (Preset p : values()) {
      if (p.id().equalsIgnoreCase(name.trim())) {
        return p;
      }
    }
    throw new InvalidSettingException("'" + name + "' is not a preset; use one of "
        + Arrays.stream(values()).map(Preset::id).collect(Collectors.joining(", ")));
  }
}
