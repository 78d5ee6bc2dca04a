package dev.liverec.engine;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingFailedException;
import dev.liverec.RecordingStats;
import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.TrackKind;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.AudioEncoder;
import dev.liverec.spi.AudioEncoderSettings;
import dev.liverec.spi.EncodedPacket;
import dev.liverec.spi.EncoderProvider;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.Muxer;
import dev.liverec.spi.MuxerProvider;
import dev.liverec.spi.MuxerSettings;
import dev.liverec.spi.PacketSink;
import dev.liverec.spi.SourceEvent;
import dev.liverec.spi.VideoEncoder;
import dev.liverec.spi.VideoEncoderSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session thread's work, in the order a frame meets it: take from the {@link FrameQueue},
 * normalise its timestamp ({@link TimestampNormalizer}), keep audio continuous
 * ({@link SilenceFiller}), encode (the {@link VideoEncoder} scales, the {@link AudioEncoder}
 * resamples), mux, and observe each step in {@link Metrics}.
 *
 * <p>Owns the encoders and the muxer: only this thread calls them, so they need no locks, and
 * {@link #close()} frees them exactly once on every path. The video encoder and the muxer open on
 * the first video frame, when the output size is known; the audio encoder opens at start so a
 * missing codec fails {@code start()}.
 */
public final class Pipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
  /** Audio this far behind video (and not muted) counts as missing: silence fills the hole. */
  private static final long AUDIO_MISSING_US = 300_000;
  /** When filling for missing (not muted) audio, stay this far behind video for late arrivals. */
  private static final long AUDIO_LAG_US = 100_000;
  private static final long POLL_MILLIS = 50;
  private static final long LOG_EVERY_FRAMES = 300;

  private final RecorderConfig config;
  private final String name;
  private final FrameQueue queue;
  private final SessionStats stats;
  private final Metrics metrics;
  private final EncoderProvider encoders;
  private final MuxerProvider muxers;
  private final TimestampNormalizer timestamps;
  private final @Nullable SilenceFiller silence;
  private final long stallNanos;

  private @Nullable AudioEncoder audioEncoder;
  private @Nullable VideoEncoder videoEncoder;
  private @Nullable Muxer muxer;
  private int videoStream = -1;
  private int audioStream = -1;
  private boolean headerWritten;
  private boolean audioMuted;
  private int lastWidth;
  private SourceEvent.@Nullable VideoSize publishedSize;
  private int lastHeight;
  private long lastItemNanos;
  private boolean stalled;
  private volatile boolean discardVideo;
  private @Nullable String endReason;

  private final PacketSink videoPackets = this::writeVideoPacket;
  private final PacketSink audioPackets = this::writeAudioPacket;
  private final SilenceFiller.Output silenceOut = this::encodeSilence;

  public Pipeline(
      RecorderConfig config,
      boolean audio,
      EncoderProvider encoders,
      MuxerProvider muxers,
      FrameQueue queue,
      FramePool pool,
      SessionStats stats,
      Metrics metrics) {
    this.config = config;
    this.name = config.name();
    this.encoders = encoders;
    this.muxers = muxers;
    this.queue = queue;
    this.stats = stats;
    this.metrics = metrics;
    this.timestamps =
        new TimestampNormalizer(config.frameIntervalUs(), config.maxTimestampJump().toNanos() / 1000);
    this.silence =
        audio
            ? new SilenceFiller(
                pool,
                config.audioSampleRate(),
                config.audioChannels(),
                config.maxTimestampJump().toNanos() / 1000)
            : null;
    this.stallNanos = config.stallTimeout().toNanos();
  }

  /** Opens what can be opened before the first frame. Runs on the starting thread. */
  public void open() {
    if (silence != null) {
      audioEncoder =
          encoders.openAudio(
              new AudioEncoderSettings(
                  config.audioSampleRate(), config.audioChannels(), config.audioBitRate()));
    }
  }

  /**
   * Runs until the queue ends (stop) or the source ends the stream; then finishes the file.
   *
   * @throws RecordingFailedException when the source reports a failure
   * @throws RuntimeException when an encoder or the muxer fails; the caller closes this pipeline
   */
  public void run() throws InterruptedException {
    lastItemNanos = System.nanoTime();
    while (true) {
      Object item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      if (item == FrameQueue.END) {
        break;
      }
      if (item == null) {
        checkStall();
        continue;
      }
      if (item instanceof SourceEvent event) {
        if (handle(event)) {
          break;
        }
        continue;
      }
      lastItemNanos = System.nanoTime();
      if (stalled) {
        stalled = false;
        metrics.stalled(false);
        log.info("[{}] frames are flowing again", name);
      }
      if (item instanceof VideoFrame frame) {
        try {
          if (discardVideo) {
            metrics.frameDropped(TrackKind.VIDEO);
          } else {
            handleVideo(frame);
          }
        } finally {
          frame.close();
        }
        if (reachedMaxDuration()) {
          break;
        }
      } else if (item instanceof AudioFrame frame) {
        try {
          handleAudio(frame);
        } finally {
          frame.close();
        }
      }
    }
    finish();
  }

  /**
   * Whether the video written covers the configured maximum duration (the next frame would start
   * within half a frame of it, or past it); then the stream ends.
   */
  private boolean reachedMaxDuration() {
    Duration max = config.maxDuration();
    long interval = config.frameIntervalUs();
    if (max == null || !timestamps.started()
        || timestamps.lastPtsUs() + interval + interval / 2 <= max.toNanos() / 1_000) {
      return false;
    }
    endReason = "reached the maximum duration of " + max.toMillis() + " ms";
    log.info("[{}] {}", name, endReason);
    return true;
  }

  /** Makes {@link #run()} skip the video still queued, so a stop under overload ends in time. */
  public void discardQueuedVideo() {
    discardVideo = true;
  }

  /** Why the stream ended on its own, or null if it was stopped. */
  public @Nullable String endReason() {
    return endReason;
  }

  /** Whether the file header is written, i.e. a file exists. */
  public boolean hasOutput() {
    return headerWritten;
  }

  private boolean handle(SourceEvent event) {
    metrics.sourceEvent(event);
    if (event instanceof SourceEvent.Muted muted) {
      log.info("[{}] {} muted", name, muted.track());
      if (muted.track() == TrackKind.AUDIO) {
        audioMuted = true;
      }
    } else if (event instanceof SourceEvent.Unmuted unmuted) {
      log.info("[{}] {} unmuted", name, unmuted.track());
      if (unmuted.track() == TrackKind.AUDIO) {
        audioMuted = false;
      }
    } else if (event instanceof SourceEvent.EndOfStream end) {
      log.info("[{}] end of stream: {}", name, end.reason());
      endReason = end.reason();
      return true;
    } else if (event instanceof SourceEvent.Failed failed) {
      throw new RecordingFailedException("source failed: " + failed.reason(), failed.cause());
    } else if (event instanceof SourceEvent.Notice notice) {
      log.info("[{}] source: {}", name, notice.message());
    } else if (event instanceof SourceEvent.VideoSize size && videoEncoder == null) {
      log.info("[{}] video published at {}x{}", name, size.width(), size.height());
      publishedSize = size;
    }
    return false;
  }

  private void handleVideo(VideoFrame frame) {
    long started = System.nanoTime();
    if (videoEncoder == null) {
      openOutput(frame);
    }
    if (frame.width() != lastWidth || frame.height() != lastHeight) {
      if (lastWidth != 0) {
        log.info("[{}] resolution change {}x{} -> {}x{}", name, lastWidth, lastHeight,
            frame.width(), frame.height());
        metrics.resolutionChanged(frame.width(), frame.height());
      }
      lastWidth = frame.width();
      lastHeight = frame.height();
    }
    long pts = timestamps.video(frame.captureTimeUs(), frame.arrivalNanos());
    if (timestamps.wasRepaired()) {
      metrics.timestampRepaired(TrackKind.VIDEO);
    }
    if (timestamps.gapUs() > 0) {
      log.info("[{}] gap of {} ms in video before pts {} ms", name, timestamps.gapUs() / 1000,
          pts / 1000);
      metrics.gap(TrackKind.VIDEO, timestamps.gapUs());
    }
    int packets = videoEncoder().encode(frame, pts, videoPackets);
    long done = System.nanoTime();
    long arrival = frame.arrivalNanos() == 0 ? started : frame.arrivalNanos();
    metrics.videoFrameWritten(pts, timestamps.intervalUs(), packets, done - started, done - arrival);
    if (stats.videoFramesWritten() % LOG_EVERY_FRAMES == 0) {
      RecordingStats now = stats.snapshot();
      log.info("[{}] PTS {} ms, {} packets, {} bytes, zero_packet_streak {}", name, pts / 1000,
          now.packetsWritten(), muxer().bytesWritten(), now.zeroPacketStreak());
    }
    SilenceFiller filler = silence;
    if (filler != null) {
      if (audioMuted) {
        filler.fillTo(pts, silenceOut);
      } else if (pts - filler.positionUs() > AUDIO_MISSING_US) {
        filler.fillTo(pts - AUDIO_LAG_US, silenceOut);
      }
    }
  }

  private void handleAudio(AudioFrame frame) {
    SilenceFiller filler = silence;
    if (filler == null) {
      return;
    }
    if (!timestamps.started()) {
      metrics.frameDropped(TrackKind.AUDIO);
      return;
    }
    long pts = timestamps.audio(frame.captureTimeUs());
    if (filler.admit(pts, frame.durationUs(), silenceOut)) {
      long at = filler.positionUs();
      filler.advance(frame);
      int packets = audioEncoder().encode(frame, audioPackets);
      metrics.audioFrameWritten(at, frame.durationUs(), false, packets);
    } else {
      metrics.frameDropped(TrackKind.AUDIO);
    }
  }

  private void encodeSilence(AudioFrame frame, long ptsUs) {
    try {
      int packets = audioEncoder().encode(frame, audioPackets);
      metrics.audioFrameWritten(ptsUs, frame.durationUs(), true, packets);
    } finally {
      frame.close();
    }
  }

  /** The configured size, else the published size the source told, else the first frame's. */
  private void openOutput(VideoFrame first) {
    SourceEvent.VideoSize published = publishedSize;
    int fromStreamWidth = published != null ? published.width() : first.width();
    int fromStreamHeight = published != null ? published.height() : first.height();
    int width = config.sizeFromFirstFrame() ? Math.max(2, fromStreamWidth & ~1) : config.width();
    int height = config.sizeFromFirstFrame() ? Math.max(2, fromStreamHeight & ~1) : config.height();
    VideoEncoder encoder =
        encoders.openVideo(
            new VideoEncoderSettings(
                width,
                height,
                config.frameRate(),
                config.videoBitRate(width, height),
                config.gopFrames(),
                config.preset()));
    videoEncoder = encoder;
    stats.encoderOpened(encoder.name(), width, height);
    Muxer opened =
        muxers.open(
            new MuxerSettings(config.output(), config.fragmentDuration().toNanos() / 1000,
                config.regularMp4AtStop()));
    muxer = opened;
    videoStream = opened.addStream(encoder.descriptor());
    AudioEncoder audio = audioEncoder;
    if (audio != null) {
      audioStream = opened.addStream(audio.descriptor());
    }
    opened.begin();
    headerWritten = true;
    log.info("[{}] recording {}x{} with {} to {}", name, width, height, encoder.name(),
        config.output());
  }

  private void checkStall() {
    if (!stalled && System.nanoTime() - lastItemNanos > stallNanos) {
      stalled = true;
      metrics.stalled(true);
      log.warn("[{}] stalled: no frame for {} ms; file flushed and kept valid", name,
          config.stallTimeout().toMillis());
      if (headerWritten) {
        muxer().flush();
      }
    }
  }

  private void finish() {
    if (!headerWritten) {
      log.info("[{}] no video arrived; no file written", name);
      return;
    }
    SilenceFiller filler = silence;
    if (filler != null) {
      filler.fillTo(timestamps.lastPtsUs() + config.frameIntervalUs(), silenceOut);
    }
    videoEncoder().drain(videoPackets);
    AudioEncoder audio = audioEncoder;
    if (audio != null) {
      audio.drain(audioPackets);
    }
    metrics.encoderDrained();
    muxer().finish();
    stats.bytesWritten(muxer().bytesWritten());
  }

  /**
   * After a failure: ends the file as well as it still can (the muxer keeps whatever complete
   * fragments are on disk). Never throws.
   */
  public void salvage() {
    Muxer m = muxer;
    if (m == null || !headerWritten) {
      return;
    }
    try {
      m.finish();
      stats.bytesWritten(m.bytesWritten());
    } catch (RuntimeException e) {
      log.warn("[{}] could not finish the file after a failure; its complete fragments stay "
          + "playable: {}", name, e.getMessage());
    }
  }

  private void writeVideoPacket(EncodedPacket packet) {
    Muxer m = muxer();
    m.write(videoStream, packet);
    metrics.packetWritten(TrackKind.VIDEO, packet.size(), m.bytesWritten());
  }

  private void writeAudioPacket(EncodedPacket packet) {
    Muxer m = muxer();
    m.write(audioStream, packet);
    metrics.packetWritten(TrackKind.AUDIO, packet.size(), m.bytesWritten());
  }

  private VideoEncoder videoEncoder() {
    VideoEncoder e = videoEncoder;
    if (e == null) {
      throw new IllegalStateException("video encoder not open");
    }
    return e;
  }

  private AudioEncoder audioEncoder() {
    AudioEncoder e = audioEncoder;
    if (e == null) {
      throw new IllegalStateException("audio encoder not open");
    }
    return e;
  }

  private Muxer muxer() {
    Muxer m = muxer;
    if (m == null) {
      throw new IllegalStateException("muxer not open");
    }
    return m;
  }

  /** Frees the encoders and the muxer, each once; safe on every path. */
  @Override
  public void close() {
    closeQuietly(videoEncoder);
    videoEncoder = null;
    closeQuietly(audioEncoder);
    audioEncoder = null;
    closeQuietly(muxer);
    muxer = null;
  }

  private void closeQuietly(@Nullable AutoCloseable resource) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      log.warn("[{}] closing {} failed", name, resource.getClass().getSimpleName(), e);
    }
  }
}
