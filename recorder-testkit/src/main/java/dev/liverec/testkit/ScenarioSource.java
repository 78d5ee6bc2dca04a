package dev.liverec.testkit;

import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link Scenario} into a sink on its own thread. On the {@link SourceClock#REAL} clock
 * each emission waits for its delivery time; on the {@link SourceClock#VIRTUAL} clock the source
 * runs as fast as the recorder takes its video frames (at most four in flight), so nothing is
 * dropped for backpressure and long scenarios finish in minutes.
 */
final class ScenarioSource implements FrameSource {
  private static final Logger log = LoggerFactory.getLogger(ScenarioSource.class);
  private static final int FRAMES_IN_FLIGHT = 4;
  /** Capture clock origin: any value works, as with a real source's clock. */
  private static final long BASE_CAPTURE_US = 1_000_000_000L;

  private final Scenario scenario;
  private final SourceClock clock;
  private final Semaphore inFlight = new Semaphore(FRAMES_IN_FLIGHT);
  private final Runnable release = inFlight::release;
  private final SourceThread thread;

  ScenarioSource(Scenario scenario, SourceClock clock) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.thread = new SourceThread("liverec-scenario-" + scenario.name());
  }

  @Override
  public void start(FrameSink sink) {
    thread.start(() -> play(sink));
  }

  private void play(FrameSink sink) {
    Player player = scenario.player();
    long startNanos = System.nanoTime();
    try {
      for (Emission e = player.next(); e != null && thread.running(); e = player.next()) {
        if (clock == SourceClock.REAL) {
          thread.waitUntil(startNanos + e.deliverUs * 1000);
        }
        switch (e.kind) {
          case VIDEO -> sendVideo(sink, e);
          case AUDIO -> sendAudio(sink, e);
          case EVENT -> sink.onEvent(Objects.requireNonNull(e.event));
        }
      }
      if (thread.running()) {
        sink.onEvent(SourceEvent.endOfStream("scenario " + scenario.name() + " ended"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("scenario {} failed", scenario.name(), e);
      sink.onEvent(SourceEvent.failed("scenario source failed: " + e, e));
    }
  }

  private void sendVideo(FrameSink sink, Emission e) throws InterruptedException {
    Runnable onClose = null;
    if (clock == SourceClock.VIRTUAL) {
      while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        if (!thread.running()) {
          return;
        }
      }
      onClose = release;
    }
    VideoFrame frame = sink.pool().acquireVideo(PixelFormat.I420, e.width, e.height,
        BASE_CAPTURE_US + e.captureUs, onClose);
    TestPattern.paint(frame, e.frameNumber, e.flash);
    sink.onVideo(frame);
  }

  private static void sendAudio(FrameSink sink, Emission e) {
    AudioFrame frame = sink.pool().acquireAudio(e.sampleRate, e.channels, e.samples,
        BASE_CAPTURE_US + e.captureUs);
    ToneGenerator.fill(frame, e.mediaUs);
    sink.onAudio(frame);
  }

  @Override
  public boolean hasAudio() {
    return scenario.hasAudio();
  }

  /** Live on the {@link SourceClock#REAL} clock; on the virtual clock media time is not wall time. */
  @Override
  public boolean isLive() {
    return clock == SourceClock.REAL;
  }

  @Override
  public String describe() {
    return scenario + " on the " + clock + " clock";
  }

  @Override
  public void close() {
    thread.stop();
  }
}
