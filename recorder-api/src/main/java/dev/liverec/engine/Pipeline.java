package dev.liverec.engine;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingFailedException;
import dev.liverec.RecordingStats;
import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.TrackKind;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.DropReason;
import dev.liverec.spi.EncoderProvider;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.MuxerProvider;
import dev.liverec.spi.MuxerSettings;
import dev.liverec.spi.SourceEvent;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's work, in the order a frame meets it: take from the {@link FrameQueue}, scale the
 * picture on the scale stage's own thread ({@link ScaleAhead}, overlapping the encoding of the
 * frame before), normalise its timestamp ({@link TimestampNormalizer}), encode it on its track
 * (the {@link AudioTrack} resamples and keeps audio continuous with silence), mux, and observe
 * each step in {@link Metrics} (with each named stage's time). The source's events and its
 * stalls are {@link SourceSignals}' job.
 *
 * <p>Owns the tracks (with their encoders) and the muxer: only this thread calls them, so they
 * need no locks, and {@link #close()} frees them exactly once on every path. The video track and
 * the muxer open on the first video frame, when the output size is known; the audio track opens
 * at start so a missing codec fails {@code start()}.
 *
 * <p>A recording with a maximum duration ends by itself when it is reached ({@link
 * RecordingLimits}): by media time, or for a live source also by the clock; then the last picture
 * is held and the audio filled with silence up to the end time.
 */
public final class Pipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
  private static final long POLL_MILLIS = 50;
  private static final long LOG_EVERY_FRAMES = 300;
  private static final int PROBE_WIDTH = 320;
  private static final int PROBE_HEIGHT = 240;

  private final RecorderConfig config;
  private final String name;
  private final SessionStats stats;
  private final Metrics metrics;
  private final EncoderProvider encoders;
  private final TimestampNormalizer timestamps;
  private final FramePool pool;
  private final boolean recordAudio;
  private final SourceSignals source;
  private final RecordingLimits limits;
  private final BooleanSupplier videoWaiting;
  private final ScaleAhead scaleAhead;
  private final MuxStage mux;

  private @Nullable AudioTrack audio;
  private @Nullable VideoTrack video;
  private long lastVideoNanos;
  private volatile boolean discardVideo;
  private @Nullable String endReason;

  /**
   * @param audio whether to record an audio track
   * @param live whether the source runs on the wall clock ({@code FrameSource.isLive()})
   */
  public Pipeline(
      RecorderConfig config,
      boolean audio,
      boolean live,
      EncoderProvider encoders,
      MuxerProvider muxers,
      FrameQueue queue,
      FramePool pool,
      SessionStats stats,
      Metrics metrics) {
    this.config = config;
    this.name = config.name();
    this.encoders = encoders;
    this.stats = stats;
    this.metrics = metrics;
    this.timestamps =
        new TimestampNormalizer(config.frameIntervalUs(), config.maxTimestampJump().toNanos() / 1000);
    this.pool = pool;
    this.recordAudio = audio;
    this.limits = new RecordingLimits(config.maxDuration(), config.frameIntervalUs(), live);
    this.scaleAhead = new ScaleAhead(queue, name, metrics, () -> discardVideo);
    this.videoWaiting = () -> queue.hasVideo() || scaleAhead.hasVideo();
    this.mux = new MuxStage(name, muxers, new MuxerSettings(config.output(),
        config.fragmentDuration().toNanos() / 1000, config.layout()), metrics, stats);
    this.source = new SourceSignals(name, config.stallTimeout(), metrics, mux::flush);
  }

  /**
   * Opens what can be opened before the first frame, so that bad settings fail {@code start()}:
   * the audio encoder, and the video encoder when the output size is fixed (when it comes from
   * the stream, an encoder is opened and closed at a small size to check the settings). Runs on
   * the starting thread.
   */
  public void open() {
    if (recordAudio) {
      audio = AudioTrack.open(config, encoders, pool, mux.audioPackets(), metrics);
    }
    if (config.sizeFromFirstFrame()) {
      encoders.openVideo(VideoTrack.settings(config, PROBE_WIDTH, PROBE_HEIGHT)).close();
    } else {
      video = openVideo(config.width(), config.height());
    }
  }

  /**
   * Runs until the queue ends (stop), the source ends the stream or a limit is reached; then
   * finishes the file.
   *
   * @throws RecordingFailedException when the source reports a failure
   * @throws RuntimeException when an encoder or the muxer fails; the caller closes this pipeline
   */
  public void run() throws InterruptedException {
    source.started(System.nanoTime());
    scaleAhead.start();
    while (true) {
      Object item = scaleAhead.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      if (item == FrameQueue.END) {
        break;
      }
      if (item == null) {
        source.checkStall(System.nanoTime());
      } else if (item instanceof SourceEvent event) {
        AudioTrack sound = audio;
        if (source.take(event, sound == null ? null : sound::muted, System.nanoTime())) {
          endReason = source.endOfStream();
          break;
        }
      } else if (take(item)) {
        break;
      }
      if (limits.reachedByClock(System.nanoTime(), lastVideoNanos, videoWaiting)) {
        ended(limits.reason());
        holdLastPicture();
        break;
      }
    }
    finish();
  }

  /** Writes a frame (and frees it, or keeps it as the last picture); true when a limit is met. */
  private boolean take(Object item) {
    source.heard(System.nanoTime());
    if (item instanceof VideoFrame frame) {
      if (discardVideo) {
        metrics.frameDropped(TrackKind.VIDEO, DropReason.AT_STOP);
        frame.close();
      } else {
        handleVideo(frame);
      }
      if (limits.reachedByMedia(timestamps.lastPtsUs())) {
        ended(limits.reason());
        return true;
      }
    } else if (item instanceof AudioFrame frame) {
      try {
        handleAudio(frame);
      } finally {
        frame.close();
      }
    }
    return false;
  }

  private void ended(@Nullable String reason) {
    endReason = reason;
    log.info("[{}] {}", name, reason);
  }

  /**
   * Runs the video's timeline to the end time after the clock ended the recording: the last
   * picture once more, one frame before the end, so the video track lasts up to it. Players show
   * the held picture across the stretch, as across any pause of the source; {@link #finish()}
   * fills the audio with silence up to the same time.
   */
  private void holdLastPicture() {
    VideoTrack track = video;
    if (track == null || !track.holdsPicture()) {
      return;
    }
    long started = System.nanoTime();
    long pts = timestamps.repeat(limits.endUs() - config.frameIntervalUs());
    log.info("[{}] holding the last picture from {} ms to {} ms", name,
        (pts - timestamps.intervalUs()) / 1000, (pts + config.frameIntervalUs()) / 1000);
    reportGap(pts);
    int packets = track.repeatLast(pts);
    long done = System.nanoTime();
    metrics.videoFrameWritten(pts, timestamps.intervalUs(), packets, done - started,
        done - started);
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
    return mux.isOpen();
  }

  /** Normalises the frame's timestamp, then scales, encodes and muxes it; takes the frame. */
  private void handleVideo(VideoFrame frame) {
    long started = System.nanoTime();
    long arrival = frame.arrivalNanos() == 0 ? started : frame.arrivalNanos();
    VideoTrack track;
    long pts;
    try {
      track = mux.isOpen() ? video() : openOutput(frame);
      pts = timestamps.video(frame.captureTimeUs(), frame.arrivalNanos());
    } catch (RuntimeException e) {
      frame.close();
      throw e;
    }
    if (timestamps.wasRepaired()) {
      metrics.timestampRepaired(TrackKind.VIDEO);
    }
    reportGap(pts);
    int packets = track.write(frame, pts);
    long done = System.nanoTime();
    limits.start(arrival);
    lastVideoNanos = arrival;
    metrics.videoFrameWritten(pts, timestamps.intervalUs(), packets, done - started, done - arrival);
    if (stats.videoFramesWritten() % LOG_EVERY_FRAMES == 0) {
      RecordingStats now = stats.snapshot();
      log.info("[{}] PTS {} ms, {} packets, {} bytes, zero_packet_streak {}", name, pts / 1000,
          now.packetsWritten(), mux.bytesWritten(), now.zeroPacketStreak());
    }
    AudioTrack sound = audio;
    if (sound != null) {
      sound.followVideo(pts);
    }
  }

  private void reportGap(long pts) {
    if (timestamps.gapUs() > 0) {
      log.info("[{}] gap of {} ms in video before pts {} ms", name, timestamps.gapUs() / 1000,
          pts / 1000);
      metrics.gap(TrackKind.VIDEO, timestamps.gapUs());
    }
  }

  private void handleAudio(AudioFrame frame) {
    AudioTrack track = audio;
    if (track == null) {
      return;
    }
    if (!timestamps.started()) {
      metrics.frameDropped(TrackKind.AUDIO, DropReason.BEFORE_FIRST_VIDEO);
      return;
    }
    track.write(frame, timestamps.audio(frame.captureTimeUs()));
  }

  /** The output's video track: the one opened at start, or one at the stream's size. */
  private VideoTrack openOutput(VideoFrame first) {
    VideoTrack track = video;
    if (track == null) {
      SourceEvent.VideoSize published = source.publishedSize();
      int width = published != null ? published.width() : first.width();
      int height = published != null ? published.height() : first.height();
      track = openVideo(Math.max(2, width & ~1), Math.max(2, height & ~1));
      video = track;
    }
    AudioTrack sound = audio;
    mux.open(track.descriptor(), sound == null ? null : sound.descriptor());
    RecordingStats now = stats.snapshot();
    log.info("[{}] recording {}x{} with {} to {}", name, now.outputWidth(), now.outputHeight(),
        track.encoderName(), config.output());
    return track;
  }

  private VideoTrack openVideo(int width, int height) {
    VideoTrack track = VideoTrack.open(config, encoders, width, height, pool, mux.videoPackets(),
        metrics, limits.mayEndByClock());
    stats.encoderOpened(track.encoderName(), width, height);
    // A second scaler of the same size for the scale stage's own thread: from here on pictures
    // arrive scaled, and the track's passes them through.
    scaleAhead.scaleWith(encoders.openScaler(width, height, pool));
    return track;
  }

  private void finish() {
    if (!mux.isOpen()) {
      log.info("[{}] no video arrived; no file written", name);
      return;
    }
    AudioTrack track = audio;
    if (track != null) {
      track.fillTo(timestamps.lastPtsUs() + config.frameIntervalUs());
    }
    video().drain();
    if (track != null) {
      track.drain();
    }
    metrics.encoderDrained();
    mux.finish();
  }

  /**
   * After a failure: ends the file as well as it still can (the muxer keeps whatever complete
   * fragments are on disk). Never throws.
   */
  public void salvage() {
    mux.salvage();
  }

  private VideoTrack video() {
    VideoTrack v = video;
    if (v == null) {
      throw new IllegalStateException("video track not open");
    }
    return v;
  }

  /** Frees the tracks (encoders, last picture) and the muxer, each once; safe on every path. */
  @Override
  public void close() {
    closeQuietly(scaleAhead);
    closeQuietly(video);
    video = null;
    closeQuietly(audio);
    audio = null;
    closeQuietly(mux);
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
