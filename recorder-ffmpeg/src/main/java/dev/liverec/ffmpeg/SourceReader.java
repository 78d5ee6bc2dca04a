package dev.liverec.ffmpeg;

import dev.liverec.MediaException;
import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.InvalidFrameException;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.SourceEvent;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of an {@link FfmpegFrameSource}'s reader thread: connects (or waits for a publisher),
 * reads and decodes until the input ends, and for a live input reopens it with growing pauses
 * until it is back or the reconnect window has passed. Tells the sink everything as events: the
 * published size at each connection, drops and reconnects as notices, the end of a file or of a
 * live input gone for good as end of stream, an input never reached as a failure.
 *
 * <p>A file is read no faster than the recorder takes its frames: at most
 * {@value #FRAMES_IN_FLIGHT} decoded pictures are waiting in the recorder at any time.
 *
 * <p>Owns the open {@link InputConnection}, the copiers and, once running, the interrupter, and
 * frees them when it ends, on every path.
 */
final class SourceReader implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(SourceReader.class);
  private static final int FRAMES_IN_FLIGHT = 8;
  private static final long FIRST_BACKOFF_NANOS = 100_000_000L;
  /** How long one attempt to reach a server may take before the next one. */
  private static final long ATTEMPT_NANOS = 10_000_000_000L;

  private final SourceSettings settings;
  private final FrameSink sink;
  private final InputInterrupter interrupter;
  private final CaptureClock clock;
  private final PictureCopier pictures = new PictureCopier();
  private final SoundCopier sounds = new SoundCopier();
  private final Semaphore inFlight = new Semaphore(FRAMES_IN_FLIGHT);
  private final Runnable release = inFlight::release;
  private final InputDecoder.Output videoOut = this::video;
  private final InputDecoder.Output audioOut = this::audio;
  private final Runnable opened = this::opened;
  private boolean badFrameTold;

  SourceReader(SourceSettings settings, FrameSink sink, InputInterrupter interrupter) {
    this.settings = settings;
    this.sink = sink;
    this.interrupter = interrupter;
    this.clock = new CaptureClock(settings.live());
  }

  @Override
  public void run() {
    InputConnection connection = null;
    try {
      connection = connect(true);
      while (connection != null) {
        String ended = pump(connection);
        connection.close();
        connection = null;
        if (interrupter.stopping()) {
          return;
        }
        if (!settings.live()) {
          sink.onEvent(SourceEvent.endOfStream(describe() + ": " + ended));
          return;
        }
        log.info("{} dropped ({}); reopening", describe(), ended);
        sink.onEvent(SourceEvent.notice(describe() + " dropped (" + ended + "); reopening"));
        connection = connect(false);
      }
    } catch (RuntimeException e) {
      if (!interrupter.stopping()) {
        log.warn("{} failed", describe(), e);
        sink.onEvent(SourceEvent.failed(describe() + " failed: " + e.getMessage(), e));
      }
    } finally {
      if (connection != null) {
        connection.close();
      }
      pictures.close();
      sounds.close();
      interrupter.close();
    }
  }

  /** Opens the input, retrying with backoff; null when stopped or given up (event sent). */
  private @Nullable InputConnection connect(boolean first) {
    long window = (first ? settings.connectTimeout() : settings.reconnectWindow()).toNanos();
    long start = System.nanoTime();
    long backoff = FIRST_BACKOFF_NANOS;
    while (true) {
      long left = window - (System.nanoTime() - start);
      interrupter.arm(settings.address().listening() ? left : Math.min(left, ATTEMPT_NANOS));
      MediaException failure;
      try {
        InputConnection connection = InputConnection.open(settings.address(), interrupter,
            settings.audio(), settings.live(), opened);
        connected(connection, first);
        return connection;
      } catch (MediaException e) {
        failure = e;
      }
      if (interrupter.stopping()) {
        return null;
      }
      boolean fatal = first && settings.address().listening()
          && failure instanceof InputConnection.OpenFailed open && open.listenerSetupFailed();
      if (fatal || System.nanoTime() - start >= window) {
        giveUp(first, failure);
        return null;
      }
      log.debug("{}: {}; retrying", describe(), failure.getMessage());
      if (!interrupter.sleep(Math.min(backoff, left))) {
        return null;
      }
      backoff = Math.min(backoff * 2, settings.maxBackoff().toNanos());
    }
  }

  private void opened() {
    sink.onEvent(SourceEvent.notice(describe() + " connected"));
  }

  private void connected(InputConnection connection, boolean first) {
    clock.newConnection(connection.openedNanos() / 1_000);
    if (connection.width() >= 2 && connection.height() >= 2
        && connection.width() <= VideoFrame.MAX_DIMENSION
        && connection.height() <= VideoFrame.MAX_DIMENSION) {
      sink.onEvent(SourceEvent.videoSize(connection.width(), connection.height()));
    }
    if (!first) {
      sink.onEvent(SourceEvent.notice(describe() + " is back"));
    }
    log.info("{} open: {}x{}{}", describe(), connection.width(), connection.height(),
        connection.hasVideo() ? "" : " (no video)");
  }

  private void giveUp(boolean first, MediaException failure) {
    long seconds = (first ? settings.connectTimeout() : settings.reconnectWindow()).toSeconds();
    if (!first) {
      sink.onEvent(SourceEvent.endOfStream(describe() + " did not come back within " + seconds
          + " s (" + failure.getMessage() + ")"));
      return;
    }
    boolean setup = failure instanceof InputConnection.OpenFailed open
        && open.listenerSetupFailed();
    String message = settings.address().listening()
        ? (!setup
            ? "nobody published to " + describe() + " within " + seconds + " s; point OBS or "
                + "ffmpeg at that address, or allow a longer connect timeout"
            : "cannot listen on " + describe() + " (" + failure.getMessage() + "); is the "
                + "port free and the address local?")
        : "could not open " + describe() + " within " + seconds + " s (" + failure.getMessage()
            + "); check that the server runs and the address is right";
    sink.onEvent(SourceEvent.failed(message, new SourceUnreachableException(message, failure)));
  }

  /** Reads until the input ends; returns why it ended. */
  private String pump(InputConnection connection) {
    long readTimeout = settings.readTimeout().toNanos();
    try {
      do {
        interrupter.arm(readTimeout);
      } while (connection.read(videoOut, audioOut) && !interrupter.stopping());
      return "end of input";
    } catch (MediaException e) {
      return interrupter.timedOut()
          ? "nothing received for " + settings.readTimeout().toSeconds() + " s"
          : e.getMessage();
    }
  }

  private void video(AVFrame picture, long streamUs) {
    long captureUs = clock.captureUs(streamUs, System.nanoTime() / 1_000);
    try {
      VideoFrame.checkGeometry(PixelFormat.I420, picture.width(), picture.height());
    } catch (InvalidFrameException e) {
      tellBadFrame(e);
      return;
    }
    Runnable onClose = null;
    if (!settings.live()) {
      if (!awaitRoom()) {
        return;
      }
      onClose = release;
    }
    sink.onVideo(pictures.copy(picture, sink.pool(), captureUs, onClose));
  }

  private void audio(AVFrame sound, long streamUs) {
    long captureUs = clock.captureUs(streamUs, System.nanoTime() / 1_000);
    try {
      AudioFrame frame = sounds.copy(sound, sink.pool(), captureUs);
      if (frame != null) {
        sink.onAudio(frame);
      }
    } catch (InvalidFrameException e) {
      tellBadFrame(e);
    }
  }

  /** Waits until the recorder has taken enough frames; false when the source is closing. */
  private boolean awaitRoom() {
    try {
      while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        if (interrupter.stopping()) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      interrupter.stop();
      return false;
    }
  }

  private void tellBadFrame(InvalidFrameException e) {
    if (!badFrameTold) {
      badFrameTold = true;
      sink.onEvent(SourceEvent.notice(describe() + " sent a frame that cannot be recorded, "
          + "skipping such frames: " + e.getMessage()));
    }
  }

  private String describe() {
    return settings.address().description();
  }
}
