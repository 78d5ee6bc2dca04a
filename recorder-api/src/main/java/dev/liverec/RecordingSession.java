package dev.liverec;

import dev.liverec.engine.FrameQueue;
import dev.liverec.engine.Lifecycle;
import dev.liverec.engine.MetricsFanOut;
import dev.liverec.engine.OutputFile;
import dev.liverec.engine.Pipeline;
import dev.liverec.engine.SessionStats;
import dev.liverec.engine.SourceCloser;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one {@link FrameSource} into one MP4 file.
 *
 * <pre>{@code
 * RecorderConfig config = recorder.newConfig(Path.of("out.mp4")).build();
 * try (RecordingSession session = recorder.newRecording(config, source)) {
 *   session.start();
 *   ...                                   // session.status() from any thread
 *   RecordingResult result = session.stop();
 * }
 * }</pre>
 *
 * <p>States: NEW -> STARTING -> RECORDING -> STOPPING -> STOPPED, or FAILED with its typed
 * cause; every move goes through one table ({@link Lifecycle}), so STOPPED and FAILED are final.
 * {@link #start()} twice or {@link #stop()} before start throws {@link
 * IllegalSessionStateException}. On every ending path (stop, the stream's own end, a failure on
 * any thread, close) the source is closed, the file completed as far as it got and the {@link
 * #result()} completed exactly once. The source's threads only queue frames; one session thread
 * normalises, encodes and muxes. A session holds a thread and native memory until it ends.
 */
public final class RecordingSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);
  /** Audio frames that may wait beyond the video bound (10 ms frames: ten seconds). */
  private static final int AUDIO_QUEUE_CAPACITY = 1000;

  private final RecorderConfig config;
  private final FrameSource source;
  private final SourceCloser sourceCloser;
  private final EncoderProvider encoders;
  private final MuxerProvider muxers;
  private final FramePool pool = new FramePool();
  private final FrameQueue queue;
  private final SessionStats stats;
  private final Metrics metrics;
  private final Lifecycle lifecycle = new Lifecycle();
  private final CompletableFuture<RecordingResult> result = new CompletableFuture<>();
  /** Held while {@link #start()} works, so a concurrent stop waits for it (bounded). */
  private final ReentrantLock starting = new ReentrantLock();
  private volatile @Nullable LiverecException failure;
  private volatile @Nullable String endReason;
  private volatile @Nullable Instant startedAt;
  private volatile @Nullable OutputFile outputFile;
  private volatile @Nullable Thread thread;
  private volatile @Nullable Pipeline pipeline;

  /** Made by {@link Recorder#newRecording}, which owns the providers and the shared threads. */
  RecordingSession(RecorderConfig config, FrameSource source, EncoderProvider encoders,
      MuxerProvider muxers, List<Metrics> observers, Executor sourceClosers) {
    this.config = config;
    this.source = source;
    this.sourceCloser = new SourceCloser(source, config.name(), sourceClosers);
    this.encoders = encoders;
    this.muxers = muxers;
    this.stats = new SessionStats(config.frameIntervalUs());
    this.metrics = MetricsFanOut.of(stats, observers);
    this.queue = new FrameQueue(config.queueCapacity(), AUDIO_QUEUE_CAPACITY,
        config.handOver().holdsSource(source.isLive()), metrics);
    stats.bindQueueDepth(queue::size);
  }

  /**
   * A new session in state NEW on the process-wide default {@link Recorder} (the providers on
   * the class path, built on first use). Nothing is opened until {@link #start()}. Handy for
   * scripts and tests; an application builds one {@link Recorder} and calls {@link
   * Recorder#newRecording}.
   *
   * @throws ProviderNotFoundException when no encoder or muxer is on the class path
   */
  public static RecordingSession create(RecorderConfig config, FrameSource source) {
    return Recorder.defaultRecorder().newRecording(config, source);
  }

  /**
   * Reserves the output file, opens the encoders (so bad settings fail here), starts the session
   * thread and then the source. Returns once frames can flow.
   *
   * @throws IllegalSessionStateException if the session was started (or closed) before
   * @throws OutputNotWritableException if the output's folder is missing or read-only, or
   *     anything exists at the output path (another session's file included)
   * @throws InvalidSettingException if the encoder refuses the settings
   * @throws LiverecException if the encoders or the source cannot start; the session is then
   *     FAILED with that cause and holds nothing
   */
  public RecordingSession start() {
    if (!lifecycle.move(RecordingState.NEW, RecordingState.STARTING)) {
      throw new IllegalSessionStateException("start", lifecycle.state());
    }
    startedAt = Instant.now();
    log.info("[{}] starting: {} from {}", config.name(), config, source.describe());
    starting.lock();
    try {
      outputFile = OutputFile.reserve(config.output());
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
      LiverecException cause = typed(e, "start failed");
      abortStart(cause);
      throw cause;
    } finally {
      starting.unlock();
    }
    // A stop() during start has moved the state on already; it finishes the session.
    lifecycle.move(RecordingState.STARTING, RecordingState.RECORDING);
    return this;
  }

  private void abortStart(LiverecException cause) {
    fail(cause);
    queue.discard();
    sourceCloser.close(config.stopTimeout());
    Thread t = thread;
    if (t != null) {
      // Once the session thread runs it owns the pipeline and closes it when it ends; closing it
      // here too could free the encoders twice.
      joinQuietly(t);
    } else {
      Pipeline p = pipeline;
      if (p != null) {
        p.close();
      }
      releaseOutput(p);
      completeResult();
    }
  }

  private static LiverecException typed(Throwable e, String what) {
    if (e instanceof LiverecException l) {
      return l;
    }
    return new RecordingFailedException(what + ": " + e, e);
  }

  private void runSession(Pipeline p) {
    LiverecException failed = null;
    try {
      p.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed = new RecordingFailedException("the session thread was interrupted", e);
    } catch (RuntimeException | Error e) {
      failed = typed(e, "recording failed");
      log.error("[{}] recording failed: {}", config.name(), failed.getMessage(), e);
    } finally {
      if (failed != null) {
        fail(failed);
        p.salvage();
      }
      queue.discard();
      p.close();
      if (failed == null) {
        endReason = p.endReason();
        lifecycle.move(RecordingState.STOPPED);
      }
      sourceCloser.close(config.stopTimeout());
      releaseOutput(p);
      completeResult();
    }
  }

  private void releaseOutput(@Nullable Pipeline p) {
    OutputFile file = outputFile;
    if (file != null && (p == null || !p.hasOutput())) {
      log.info("[{}] no video arrived; no file written", config.name());
      file.releaseIfEmpty();
    }
  }

  /** Ends the session FAILED with {@code cause}, unless it has ended already (first end wins). */
  private synchronized void fail(LiverecException cause) {
    if (lifecycle.move(RecordingState.FAILED) != null) {
      failure = cause;
    }
  }

  private synchronized void completeResult() {
    if (result.isDone()) {
      return;
    }
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
    LiverecException cause = failure;
    RecordingState ended = lifecycle.state();
    RecordingResult r = new RecordingResult(ended, cause == null ? null : cause.getMessage(),
        output, Duration.ofMillis(snapshot.mediaDurationMs()), bytes, snapshot,
        ended == RecordingState.STOPPED ? endReason : null, cause);
    result.complete(r);
    log.info("[{}] {}: {} ms of media, {} bytes, {} video frames, {} packets, {} dropped{}",
        config.name(), r.state(), snapshot.mediaDurationMs(), bytes,
        snapshot.videoFramesWritten(), snapshot.packetsWritten(),
        snapshot.framesDroppedBackpressure(),
        r.endReason() != null ? "; " + r.endReason()
            : r.failureReason() != null ? "; " + r.failureReason() : "");
  }

  /** A snapshot of state and statistics. Cheap, safe from any thread, never blocks the pipeline. */
  public RecordingStatus status() {
    LiverecException cause = failure;
    return new RecordingStatus(config.name(), lifecycle.state(),
        cause == null ? null : cause.getMessage(), config.output(), startedAt, stats.snapshot());
  }

  public RecordingState state() {
    return lifecycle.state();
  }

  public RecorderConfig config() {
    return config;
  }

  /**
   * The session's end, completed exactly once on every path (stop, the stream's own end, a
   * failure, close): {@code session.result().thenAccept(r -> ...)}. Never completes
   * exceptionally; a failure is a FAILED result with its {@link RecordingResult#failure()}.
   */
  public CompletionStage<RecordingResult> result() {
    return result.minimalCompletionStage();
  }

  /**
   * Closes the source, writes what is queued, drains the encoder once and completes the file.
   * Returns within the config's stop timeout (5 s by default), the source's close included: a
   * source whose close hangs is left behind after a quarter of it, and past half of it queued
   * video is dropped so the file can be closed. If the session thread still has not finished
   * (a stuck disk), the session ends FAILED, its file keeping every fragment written so far.
   * A stop during {@link #start()} waits for the start, then stops. Calling it again, or after
   * the session ended by itself, returns the same result.
   *
   * @throws IllegalSessionStateException before {@link #start()}
   */
  public RecordingResult stop() {
    RecordingState current = lifecycle.state();
    if (current == RecordingState.NEW) {
      throw new IllegalSessionStateException("stop", current);
    }
    long timeoutNanos = config.stopTimeout().toNanos();
    long deadline = System.nanoTime() + timeoutNanos;
    if (lifecycle.move(RecordingState.RECORDING, RecordingState.STOPPING)
        || lifecycle.move(RecordingState.STARTING, RecordingState.STOPPING)) {
      log.info("[{}] stopping", config.name());
    }
    awaitStart(deadline);
    sourceCloser.close(Duration.ofNanos(timeoutNanos / 4));
    queue.close();
    Optional<RecordingResult> done = awaitResult(untilNanos(deadline - timeoutNanos / 2));
    if (done.isEmpty()) {
      Pipeline p = pipeline;
      if (p != null) {
        p.discardQueuedVideo();
      }
      done = awaitResult(untilNanos(deadline));
    }
    if (done.isPresent()) {
      return done.get();
    }
    fail(new RecordingFailedException("the session thread did not finish within "
        + config.stopTimeout().toMillis() + " ms of stop(); the encoder or the disk is stuck. "
        + "The file keeps every fragment written so far; check the disk.", null));
    completeResult();
    return result.join();
  }

  private void awaitStart(long deadline) {
    try {
      if (starting.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        starting.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration untilNanos(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  /** Waits for the session to end by itself (end of stream or failure). */
  public Optional<RecordingResult> awaitResult(Duration timeout) {
    try {
      return Optional.of(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      throw typed(e.getCause(), "the session's result failed");
    }
  }

  private void joinQuietly(Thread t) {
    try {
      t.join(config.stopTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Ends the session whatever its state and frees everything: stops it if it runs (bounded like
   * {@link #stop()}), or, before {@link #start()}, closes the source and ends it STOPPED with no
   * file. Never throws.
   */
  @Override
  public void close() {
    if (lifecycle.move(RecordingState.NEW, RecordingState.STOPPED)) {
      sourceCloser.close(config.stopTimeout());
      completeResult();
      return;
    }
    try {
      stop();
    } catch (LiverecException e) {
      log.warn("[{}] close: {}", config.name(), e.getMessage());
    }
  }

  /**
   * The sink the source pushes into. Never blocks a live source: frames go to the bounded queue.
   * A source held back ({@link HandOver}) waits here while the queue is full.
   */
  private final class Intake implements FrameSink {
    @Override
    public void onVideo(VideoFrame frame) {
      frame.markArrival(System.nanoTime());
      metrics.frameReceived(TrackKind.VIDEO);
      queue.offerVideo(frame);
    }

    @Override
    public void onAudio(AudioFrame frame) {
      frame.markArrival(System.nanoTime());
      metrics.frameReceived(TrackKind.AUDIO);
      queue.offerAudio(frame);
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
