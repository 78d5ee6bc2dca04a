package dev.liverec.engine;

import dev.liverec.LiverecException;
import dev.liverec.RecordingFailedException;
import dev.liverec.frame.TrackKind;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.SourceEvent;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the session learns about its source besides the frames themselves: the events it sends
 * (mutes, notices, the size it publishes, its end or failure) and whether it has gone quiet for
 * longer than the stall timeout. Used by the {@link Pipeline}'s thread only.
 *
 * <p>A stall is counted from the source's last frame or event; a source still connecting has
 * sent nothing yet and is not stalled (it bounds its own connecting and reports a failure). When
 * a stall begins, {@code onStall} runs once (the pipeline flushes the file so it stays valid).
 */
final class SourceSignals {
  private static final Logger log = LoggerFactory.getLogger(SourceSignals.class);

  /** What the pipeline does about audio mutes: the audio track, once open. */
  interface AudioMute {
    void muted(boolean muted);
  }

  private final String name;
  private final Metrics metrics;
  private final Duration stallTimeout;
  private final Runnable onStall;

  private long lastHeardNanos;
  private boolean heardAny;
  private boolean stalled;
  private SourceEvent.@Nullable VideoSize publishedSize;
  private @Nullable String endOfStream;

  SourceSignals(String name, Duration stallTimeout, Metrics metrics, Runnable onStall) {
    this.name = name;
    this.metrics = metrics;
    this.stallTimeout = stallTimeout;
    this.onStall = onStall;
  }

  /** The run begins: the stall clock starts now. */
  void started(long nowNanos) {
    lastHeardNanos = nowNanos;
  }

  /** A frame or an event arrived: the source is alive (and no longer stalled). */
  void heard(long nowNanos) {
    heardAny = true;
    lastHeardNanos = nowNanos;
    if (stalled) {
      stalled = false;
      metrics.stalled(false);
      log.info("[{}] frames are flowing again", name);
    }
  }

  /** Nothing arrived for a poll: begins a stall once the source has been quiet too long. */
  void checkStall(long nowNanos) {
    if (heardAny && !stalled && nowNanos - lastHeardNanos > stallTimeout.toNanos()) {
      stalled = true;
      metrics.stalled(true);
      log.warn("[{}] stalled: no frame for {} ms; file flushed and kept valid", name,
          stallTimeout.toMillis());
      onStall.run();
    }
  }

  /**
   * Takes one event from the source.
   *
   * @param audio the audio track to mute or unmute, or null when there is none
   * @return true when the event ends the stream ({@link #endOfStream()} says why)
   * @throws LiverecException when the source reports a failure (its typed cause, or a
   *     {@link RecordingFailedException})
   */
  boolean take(SourceEvent event, @Nullable AudioMute audio, long nowNanos) {
    heard(nowNanos);
    metrics.sourceEvent(event);
    if (event instanceof SourceEvent.Muted muted) {
      log.info("[{}] {} muted", name, muted.track());
      if (muted.track() == TrackKind.AUDIO && audio != null) {
        audio.muted(true);
      }
    } else if (event instanceof SourceEvent.Unmuted unmuted) {
      log.info("[{}] {} unmuted", name, unmuted.track());
      if (unmuted.track() == TrackKind.AUDIO && audio != null) {
        audio.muted(false);
      }
    } else if (event instanceof SourceEvent.EndOfStream end) {
      log.info("[{}] end of stream: {}", name, end.reason());
      endOfStream = end.reason();
      return true;
    } else if (event instanceof SourceEvent.Failed failed) {
      if (failed.cause() instanceof LiverecException typed) {
        throw typed;
      }
      throw new RecordingFailedException("source failed: " + failed.reason(), failed.cause());
    } else if (event instanceof SourceEvent.Notice notice) {
      log.info("[{}] source: {}", name, notice.message());
    } else if (event instanceof SourceEvent.VideoSize size) {
      log.info("[{}] video published at {}x{}", name, size.width(), size.height());
      publishedSize = size;
    }
    return false;
  }

  /** The size the source last said it publishes, if it said so. */
  SourceEvent.@Nullable VideoSize publishedSize() {
    return publishedSize;
  }

  /** Why the source ended the stream, once it has. */
  @Nullable String endOfStream() {
    return endOfStream;
  }
}
