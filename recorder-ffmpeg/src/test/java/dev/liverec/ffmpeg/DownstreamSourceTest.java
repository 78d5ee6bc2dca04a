package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.RecordingStats;
import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A downstream project's own source, written the way the README shows: 10 s of 640x360 BGR
 * frames and a tone, pushed as fast as its thread can go. Declared not live, the recorder holds
 * it back and records every frame; declared live, the recorder keeps the live edge and drops
 * (and counts) what the encoder cannot take.
 */
class DownstreamSourceTest {
  private static final int FRAMES = 300;
  private static final int FPS = 30;

  @TempDir Path dir;

  /** Renders frames from its own thread with no pacing at all. */
  static final class FastBgrSource implements FrameSource {
    private final boolean live;
    private volatile boolean running = true;
    private Thread thread;

    FastBgrSource(boolean live) {
      this.live = live;
    }

    @Override
    public void start(FrameSink sink) {
      thread = new Thread(() -> produce(sink), "downstream-source");
      thread.start();
    }

    private void produce(FrameSink sink) {
      long frameUs = 1_000_000L / FPS;
      int samplesPerFrame = 48_000 / FPS;
      for (int i = 0; i < FRAMES && running; i++) {
        long t = i * frameUs;
        VideoFrame frame = sink.pool().acquireVideo(PixelFormat.BGR24, 640, 360, t);
        paint(frame.plane(0), i);
        sink.onVideo(frame);
        AudioFrame audio = sink.pool().acquireAudio(48_000, 2, samplesPerFrame, t);
        tone(audio.data(), i * samplesPerFrame);
        sink.onAudio(audio);
      }
      if (running) {
        sink.onEvent(SourceEvent.endOfStream("all " + FRAMES + " frames sent"));
      }
    }

    private static void paint(ByteBuffer bgr, int n) {
      byte shade = (byte) (n * 7);
      for (int i = bgr.position(); i < bgr.limit(); i++) {
        bgr.put(i, (byte) (shade + i % 64));
      }
    }

    private static void tone(ByteBuffer pcm, long firstSample) {
      java.nio.ShortBuffer s = pcm.order(java.nio.ByteOrder.nativeOrder()).asShortBuffer();
      for (int i = 0; i < s.limit() / 2; i++) {
        short v = (short) (8000 * Math.sin(2 * Math.PI * 440 * (firstSample + i) / 48_000.0));
        s.put(2 * i, v);
        s.put(2 * i + 1, v);
      }
    }

    @Override
    public boolean isLive() {
      return live;
    }

    @Override
    public String describe() {
      return "downstream BGR source (" + (live ? "live" : "not live") + ")";
    }

    @Override
    public void close() {
      running = false;
      if (thread != null) {
        try {
          thread.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private RecordingResult record(String name, boolean live) {
    Path out = dir.resolve(name);
    try (RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(out).outputSize(640, 360).frameRate(FPS).queueCapacity(8).build(),
        new FastBgrSource(live))) {
      session.start();
      return session.awaitResult(Duration.ofMinutes(2)).orElseThrow();
    }
  }

  @Test
  void aSourceThatIsNotLiveIsHeldBackAndLosesNoFrame() {
    RecordingResult result = record("offline.mp4", false);

    assertThat(result.state()).isEqualTo(RecordingState.STOPPED);
    RecordingStats stats = result.stats();
    assertThat(stats.videoFramesWritten()).isEqualTo(FRAMES);
    assertThat(stats.drops()).isEqualTo(RecordingStats.Drops.NONE);
    assertThat(stats.gapsSeen()).isZero();
    RecordingStats.Stages stages = stats.stages();
    assertThat(stages.scale().calls()).as("every BGR picture went through the scale stage")
        .isEqualTo(FRAMES);
    assertThat(stages.resample().calls()).as("the tone went through the resample stage")
        .isPositive();
    assertThat(stages.encode().calls()).isGreaterThanOrEqualTo(FRAMES);
    assertThat(stages.mux().calls()).isEqualTo(stats.packetsWritten());
    assertThatRecording(result.output())
        .hasVideoFrames(FRAMES)
        .hasDurationCloseTo(Duration.ofSeconds(10), Duration.ofMillis(100))
        .hasStrictlyIncreasingTimestamps()
        .decodesWithoutErrors();
  }

  @Test
  void theSameSourceDeclaredLiveKeepsTheLiveEdgeAndCountsEveryDrop() {
    RecordingResult result = record("live.mp4", true);

    RecordingStats stats = result.stats();
    assertThat(stats.framesDroppedBackpressure()).as("a source 10x faster than real time")
        .isPositive();
    assertThat(stats.videoFramesWritten() + stats.framesDroppedBackpressure()
        + stats.drops().videoAtStop() + stats.drops().videoAfterClose())
        .as("every frame is written or counted by its reason").isEqualTo(FRAMES);
    assertThatRecording(result.output())
        .hasVideoFrames(stats.videoFramesWritten())
        .decodesWithoutErrors();
  }
}
