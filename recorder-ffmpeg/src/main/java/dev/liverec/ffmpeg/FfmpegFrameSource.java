package dev.liverec.ffmpeg;

import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records anything FFmpeg opens: a file, an HLS playlist over HTTP, an RTSP camera, an RTMP or SRT
 * server, or (with {@code listen}) a publisher such as OBS or {@code ffmpeg} pushing to us.
 *
 * <pre>{@code
 * FrameSource obs = FfmpegFrameSource.builder("rtmp://0.0.0.0:1935/live/KEY?listen").build();
 * FrameSource file = FfmpegFrameSource.builder("/videos/talk.mp4").build();   // not live
 * try (RecordingSession session = RecordingSession.create(config, obs)) { ... }
 * }</pre>
 *
 * <p>Frames keep their stream timestamps, on the wall clock for a live input (see
 * {@link CaptureClock}). A live input that drops (the publisher disconnects, the server goes away,
 * nothing arrives for the read timeout) is reopened with growing pauses up to the maximum backoff,
 * while the recording's timeline runs on: the pause becomes a gap, and a publisher that comes back
 * at another size is scaled to the recording's size. A file is not live: every frame is read, no
 * faster than the recorder takes them, and its end ends the recording.
 *
 * <p>Lifecycle: {@link #start} checks nothing on the network and returns at once; connecting
 * happens on the source's reader thread, whose outcome arrives as events (an input not reached
 * within the connect timeout fails the recording with a {@link SourceUnreachableException}).
 * {@link #close()} interrupts any blocking FFmpeg call and waits a bounded time for the thread,
 * which frees every native resource on its way out.
 */
public final class FfmpegFrameSource implements FrameSource {
  private static final Logger log = LoggerFactory.getLogger(FfmpegFrameSource.class);
  private static final long CLOSE_WAIT_MS = 5_000;

  private final SourceSettings settings;
  private final InputInterrupter interrupter = new InputInterrupter();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable Thread reader;

  private FfmpegFrameSource(SourceSettings settings) {
    this.settings = settings;
  }

  /**
   * A builder for {@code address}: a URL FFmpeg opens or a file path.
   *
   * @throws SourceAddressException when the address is malformed, names a protocol this FFmpeg
   *     lacks, or names a file that does not exist
   */
  public static Builder builder(String address) {
    return new Builder(SourceAddress.parse(Objects.requireNonNull(address, "address")));
  }

  @Override
  public void start(FrameSink sink) {
    Objects.requireNonNull(sink, "sink");
    if (closed.get()) {
      throw new IllegalStateException("source closed; make a new one");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("source already started");
    }
    Thread thread = new Thread(new SourceReader(settings, sink, interrupter),
        "liverec-source " + settings.address().description());
    thread.setDaemon(true);
    reader = thread;
    thread.start();
  }

  @Override
  public boolean hasAudio() {
    return settings.audio();
  }

  @Override
  public boolean isLive() {
    return settings.live();
  }

  @Override
  public String describe() {
    return settings.address().description()
        + (settings.address().listening() ? " (listening)" : "");
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    interrupter.stop();
    Thread thread = reader;
    if (thread == null) {
      interrupter.close();
      return;
    }
    try {
      thread.join(CLOSE_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("{}: reader thread still busy after {} ms; it frees its resources when it ends",
          describe(), CLOSE_WAIT_MS);
    }
  }

  @Override
  public String toString() {
    return "FfmpegFrameSource[" + describe() + (isLive() ? ", live" : "") + "]";
  }

  /** Settings for an {@link FfmpegFrameSource}; every one has a default. */
  public static final class Builder {
    private final SourceAddress address;
    private boolean live;
    private boolean audio = true;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration reconnectWindow = Duration.ofMinutes(5);
    private Duration maxBackoff = Duration.ofSeconds(2);

    private Builder(SourceAddress address) {
      this.address = address;
      this.live = !address.file();
    }

    /**
     * Whether the input runs on the wall clock. Default: everything but a file. Say false for a
     * finished recording served over HTTP (HLS VOD), so it is read whole and as fast as
     * recorded.
     */
    public Builder live(boolean live) {
      this.live = live;
      return this;
    }

    /** Whether to record the input's audio. Default true. */
    public Builder audio(boolean audio) {
      this.audio = audio;
      return this;
    }

    /**
     * How long connecting may take, or, for a listening address, how long to wait for the first
     * publisher, before the recording fails. Default 30 s.
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /** How long a connected input may send nothing before it counts as dropped. Default 10 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "read timeout");
      return this;
    }

    /**
     * How long a live input that dropped is reopened (or waited for) before its stream ends.
     * Default 5 minutes.
     */
    public Builder reconnectWindow(Duration window) {
      this.reconnectWindow = positive(window, "reconnect window");
      return this;
    }

    /** The longest pause between two attempts to reopen a dropped input. Default 2 s. */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = positive(backoff, "maximum backoff");
      return this;
    }

    public FfmpegFrameSource build() {
      return new FfmpegFrameSource(new SourceSettings(address, live, audio, connectTimeout,
          readTimeout, reconnectWindow, maxBackoff));
    }

    private static Duration positive(Duration duration, String what) {
      if (duration.toMillis() < 1) {
        throw new IllegalArgumentException(what + " must be at least 1 ms, got " + duration);
      }
      return duration;
    }
  }
}
