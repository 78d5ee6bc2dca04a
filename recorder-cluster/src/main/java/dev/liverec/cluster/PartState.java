package dev.liverec.cluster;

import java.util.Locale;

/** Where one part of a recording (one worker's stretch of it) is. */
public enum PartState {
  /** A worker took it and opens the recorder. */
  STARTING,
  /** Being recorded and uploaded. */
  RECORDING,
  /** Its worker died or handed it over mid-recording; its upload waits to be completed. */
  INTERRUPTED,
  /** A complete MP4 object in the store. */
  COMPLETE,
  /** Nothing reached the store before its worker died. */
  EMPTY;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
