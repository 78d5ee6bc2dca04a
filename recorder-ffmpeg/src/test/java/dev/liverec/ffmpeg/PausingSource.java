package dev.liverec.ffmpeg;

import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;
import dev.liverec.testkit.SourceThread;
import dev.liverec.testkit.TestPattern;
import java.time.Duration;

/**
 * Test source: the test pattern (video only) whose media timeline runs without a break while its
 * delivery stops for a while on the wall clock after {@code framesBeforePause} frames, as a file
 * reader or a virtual-clock generator does when the recorder or the disk stalls. Whether it says
 * it is {@link #isLive() live} is the test's choice.
 */
final class PausingSource implements FrameSource {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;

  private final int frameRate;
  private final int framesBeforePause;
  private final long pauseNanos;
  private final int totalFrames;
  private final boolean live;
  private final SourceThread thread = new SourceThread("liverec-pausing-source");

  PausingSource(int frameRate, int framesBeforePause, Duration pause, int totalFrames,
      boolean live) {
    this.frameRate = frameRate;
    this.framesBeforePause = framesBeforePause;
    this.pauseNanos = pause.toNanos();
    this.totalFrames = totalFrames;
    this.live = live;
  }

  @Override
  public void start(FrameSink sink) {
    thread.start(() -> play(sink));
  }

  private void play(FrameSink sink) {
    long start = System.nanoTime();
    for (int n = 0; n < totalFrames && thread.running(); n++) {
      long captureUs = n * 1_000_000L / frameRate;
      thread.waitUntil(start + captureUs * 1_000 + (n >= framesBeforePause ? pauseNanos : 0));
      if (!thread.running()) {
        return;
      }
      VideoFrame frame = sink.pool().acquireVideo(PixelFormat.I420, WIDTH, HEIGHT, captureUs);
      TestPattern.paint(frame, n, n % frameRate == 0);
      sink.onVideo(frame);
    }
    if (thread.running()) {
      sink.onEvent(SourceEvent.endOfStream("pausing source sent " + totalFrames + " frames"));
    }
  }

  @Override
  public boolean hasAudio() {
    return false;
  }

  @Override
  public boolean isLive() {
    return live;
  }

  @Override
  public String describe() {
    return "pausing test pattern (" + (live ? "live" : "not live") + ")";
  }

  @Override
  public void close() {
    thread.stop();
  }
}
