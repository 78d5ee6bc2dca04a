package dev.liverec;

import dev.liverec.engine.FrameQueue;
import dev.liverec.engine.MetricsFanOut;
import dev.liverec.engine.Pipeline;
import dev.liverec.engine.SessionStats;
import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.TrackKind;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.EncoderProvider;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.MuxerProvider;
import dev.liverec.spi.SourceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one {@link FrameSource} into one MP4 file.
 *
 * <pre>{@code
 * RecorderConfig config = RecorderConfig.builder(Path.of("out.mp4")).build();
 * try (RecordingSession session = RecordingSession.create(config, source)) {
 *   session.start();
 *   ...                                   // session.status() from any thread
 *   RecordingResult result = session.stop();
 * }
 * }</pre>
 *
 * <p>States: NEW -> STARTING -> RECORDING -> STOPPING -> STOPPED, or FAILED with a reason.
 * {@link #start()} twice or {@link #stop()} before start throws
 * {@link IllegalSessionStateException}. The source's threads only queue frames; one session
 * thread normalises, encodes and muxes. A session holds a thread and native memory until it is
 * stopped or closed.
 */
public final class RecordingSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);
  /** Audio frames that may wait beyond the video bound (10 ms frames: ten seconds). */
  private static final int AUDIO_QUEUE_CAPACITY = 1000;

  private final RecorderConfig config;
  private final FrameSource source;
  private final EncoderProvider encoders;
  private final MuxerProvider muxers;
  private final FramePool pool = new FramePool();
  private final FrameQueue queue;
  private final SessionStats stats;
  private final Metrics metrics;
  private final AtomicReference<RecordingState> state = new AtomicReference<>(RecordingState.NEW);
  private final CompletableFuture<RecordingResult> result = new CompletableFuture<>();
  private volatile @Nullable String failureReason;
  private volatile @Nullable String endReason;
  private volatile @Nullable Instant startedAt;
  private @Nullable Thread thread;
  private @Nullable Pipeline pipeline;

  private RecordingSession(RecorderConfig config, FrameSource source) {
    this.config = config;
    this.source = source;
    this.encoders = config.encoderProvider() != null
        ? config.encoderProvider()
        : Providers.encoder();
    this.muxers = config.muxerProvider() != null ? config.muxerProvider() : Providers.muxer();
    this.queue = new FrameQueue(config.queueCapacity(), AUDIO_QUEUE_CAPACITY);
    this.stats = new SessionStats(config.frameIntervalUs());
    List<Metrics> observers = new ArrayList<>(config.metrics());
    observers.addAll(Providers.metrics(config.name()));
    this.metrics = MetricsFanOut.of(stats, observers);
    stats.bindQueueDepth(queue::size);
  }

  /**
   * A new session in state NEW. Nothing is opened until {@link #start()}.
   *
   * @throws ProviderNotFoundException when no encoder or muxer is configured or on the classpath
   */
  public static RecordingSession create(RecorderConfig config, FrameSource source) {
    return new RecordingSession(
        Objects.requireNonNull(config, "config"), Objects.requireNonNull(source, "source"));
  }

  /**
   * Opens the encoders, starts the session thread and then the source. Returns once frames can
   * flow; the output file appears with the first video frame.
   *
   * @throws IllegalSessionStateException if the session was started before
   * @throws OutputNotWritableException if the output's folder is missing or read-only, or the file
   *     exists
   * @throws RecordingFailedException if the encoders or the source cannot start; the session is
   *     then FAILED and holds nothing
   */
  public RecordingSession start() {
    if (!state.compareAndSet(RecordingState.NEW, RecordingState.STARTING)) {
      throw new IllegalSessionStateException("start", state.get());
    }
    startedAt = Instant.now();
    log.info("[{}] starting: {} from {}", config.name(), config, source.describe());
    try {
      checkOutput(config.output());
      Pipeline p = new Pipeline(config, config.audio(source.hasAudio()), source.isLive(), encoders,
          muxers, queue, pool, stats, metrics);
      pipeline = p;
      p.open();
      Thread t = new Thread(() -> runSession(p), "liverec-" + config.name());
      t.setDaemon(false);
      thread = t;
      t.start();
      source.start(new Intake());
    } catch (RuntimeException e) {
      String reason = e instanceof LiverecException ? e.getMessage() : "start failed: " + e;
      fail(reason);
      queue.discard();
      source.close();
      joinQuietly();
      // Once the session thread runs it owns the pipeline and closes it when it ends; closing it
      // here too could free the encoders twice if the thread is still finishing.
      Pipeline p = pipeline;
      if (p != null && thread == null) {
        p.close();
      }
      completeResult();
      if (e instanceof LiverecException) {
        throw e;
      }
      throw new RecordingFailedException(reason, e);
    }
    state.compareAndSet(RecordingState.STARTING, RecordingState.RECORDING);
    return this;
  }

  private static void checkOutput(Path output) {
    Path absolute = output.toAbsolutePath();
    Path folder = absolute.getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      throw new OutputNotWritableException(output, "folder " + folder + " does not exist");
    }
    if (Files.exists(absolute)) {
      throw new OutputNotWritableException(output, "the file exists; choose a new name");
    }
    // Permission bits do not stop root, but a read-only or full file system does: try it.
    Path probe = folder.resolve("." + absolute.getFileName() + ".liverec-probe");
    try {
      Files.deleteIfExists(Files.createFile(probe));
    } catch (java.io.IOException e) {
      throw new OutputNotWritableException(output,
          "folder " + folder + " is not writable (" + e.getClass().getSimpleName() + ": "
              + e.getMessage() + ")");
    }
  }

  private void runSession(Pipeline p) {
    try {
      p.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("session thread interrupted");
      p.salvage();
    } catch (RuntimeException | Error e) {
      String reason = e.getMessage() != null ? e.getMessage() : e.toString();
      log.error("[{}] recording failed: {}", config.name(), reason, e);
      fail(reason);
      p.salvage();
    } finally {
      queue.discard();
      p.close();
      if (state.get() != RecordingState.FAILED) {
        state.set(RecordingState.STOPPED);
      }
      String ended = p.endReason();
      if (ended != null) {
        source.close();
        if (state.get() == RecordingState.STOPPED) {
          endReason = ended;
        }
      }
      completeResult();
    }
  }

  private void fail(String reason) {
    failureReason = reason;
    state.set(RecordingState.FAILED);
  }

  private void completeResult() {
    RecordingStats snapshot = stats.snapshot();
    Path output = config.output();
    long bytes = snapshot.bytesWritten();
    try {
      if (Files.exists(output)) {
        bytes = Files.size(output);
      }
    } catch (java.io.IOException e) {
      log.debug("could not read the size of {}", output, e);
    }
    RecordingResult r =
        new RecordingResult(state.get(), failureReason, output,
            Duration.ofMillis(snapshot.mediaDurationMs()), bytes, snapshot, endReason);
    if (result.complete(r)) {
      log.info("[{}] {}: {} ms of media, {} bytes, {} video frames, {} packets, {} dropped{}",
          config.name(), r.state(), snapshot.mediaDurationMs(), bytes,
          snapshot.videoFramesWritten(), snapshot.packetsWritten(),
          snapshot.framesDroppedBackpressure(), r.endReason() == null ? "" : "; " + r.endReason());
    }
  }

  /** A snapshot of state and statistics. Cheap, safe from any thread, never blocks the pipeline. */
  public RecordingStatus status() {
    return new RecordingStatus(config.name(), state.get(), failureReason, config.output(),
        startedAt, stats.snapshot());
  }

  public RecordingState state() {
    return state.get();
  }

  public RecorderConfig config() {
    return config;
  }

  /**
   * Stops the source, writes what is queued, drains the encoder once and completes the file.
   * Returns within the config's stop timeout (5 s by default): past half of it, queued video is
   * dropped so the file can be closed. Calling it again returns the same result.
   *
   * @throws IllegalSessionStateException before {@link #start()}
   */
  public RecordingResult stop() {
    RecordingState current = state.get();
    if (current == RecordingState.NEW) {
      throw new IllegalSessionStateException("stop", current);
    }
    if (current == RecordingState.RECORDING || current == RecordingState.STARTING) {
      state.compareAndSet(current, RecordingState.STOPPING);
      log.info("[{}] stopping", config.name());
    }
    source.close();
    queue.close();
    long timeoutMillis = config.stopTimeout().toMillis();
    Optional<RecordingResult> done = awaitResult(Duration.ofMillis(timeoutMillis / 2));
    if (done.isEmpty()) {
      Pipeline p = pipeline;
      if (p != null) {
        p.discardQueuedVideo();
      }
      done = awaitResult(Duration.ofMillis(timeoutMillis - timeoutMillis / 2));
    }
    if (done.isEmpty()) {
      throw new RecordingFailedException(
          "the session thread did not finish within " + timeoutMillis + " ms; the encoder or the "
              + "disk is stuck. The file keeps every fragment written so far.", null);
    }
    return done.get();
  }

  /** Waits for the session to end by itself (end of stream or failure). */
  public Optional<RecordingResult> awaitResult(Duration timeout) {
    try {
      return Optional.of(result.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("result future failed", e.getCause());
    }
  }

  private void joinQuietly() {
    Thread t = thread;
    if (t == null) {
      return;
    }
    try {
      t.join(config.stopTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the session if it is running; frees everything. Never throws for a running session. */
  @Override
  public void close() {
    RecordingState current = state.get();
    if (current == RecordingState.NEW) {
      state.set(RecordingState.STOPPED);
      source.close();
      return;
    }
    try {
      stop();
    } catch (LiverecException e) {
      log.warn("[{}] close: {}", config.name(), e.getMessage());
    }
  }

  /** The sink the source pushes into. Never blocks: frames go to the bounded queue. */
  private final class Intake implements FrameSink {
    @Override
    public void onVideo(VideoFrame frame) {
      frame.markArrival(System.nanoTime());
      metrics.frameReceived(TrackKind.VIDEO);
      if (queue.offerVideo(frame) != 0) {
        metrics.frameDropped(TrackKind.VIDEO);
      }
    }

    @Override
    public void onAudio(AudioFrame frame) {
      frame.markArrival(System.nanoTime());
      metrics.frameReceived(TrackKind.AUDIO);
      if (queue.offerAudio(frame) != 0) {
        metrics.frameDropped(TrackKind.AUDIO);
      }
    }

    @Override
    public void onEvent(SourceEvent event) {
      queue.offerEvent(event);
    }

    @Override
    public FramePool pool() {
      return pool;
    }
  }
}
