package dev.liverec.testkit;

/** How a synthetic source paces itself. */
public enum SourceClock {
  /** Like a live stream: each frame is sent when its capture time comes round on the wall clock. */
  REAL,
  /**
   * As fast as the recorder takes frames: the source waits only while a few of its video frames
   * are still in the recorder, so nothing is dropped and four hours of media take minutes.
   */
  VIRTUAL
}
