package dev.liverec.testkit;

import dev.liverec.spi.SourceEvent;
import org.jspecify.annotations.Nullable;

/**
 * One thing a scenario sends: a video frame, an audio frame or an event, with when it is sent
 * ({@link #deliverUs}, media time) and the capture time it carries. Mutable and reused by the
 * {@link Player}, so playing four hours allocates nothing per frame.
 */
final class Emission {
  enum Kind { VIDEO, AUDIO, EVENT }

  Kind kind = Kind.VIDEO;
  /** Media time at which the source hands it over (the real clock waits for it). */
  long deliverUs;
  /** Media time the content shows (drives the pattern and the tone). */
  long mediaUs;
  /** Capture timestamp it carries, relative to the stream start (jitter and faults included). */
  long captureUs;
  int width;
  int height;
  long frameNumber;
  boolean flash;
  int sampleRate;
  int channels;
  int samples;
  @Nullable SourceEvent event;
}
