package dev.liverec.ffmpeg;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.InvalidFrameException;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.TrackKind;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;
import dev.liverec.testkit.TestPattern;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never crashes the JVM or reads past a buffer: it is refused with a typed error when
 * the frame is made, or repaired by the pipeline, and the recording goes on.
 */
class BadInputTest {
  @TempDir Path dir;

  /** A source the test drives by hand from its own thread. */
  private static final class HandSource implements FrameSource {
    volatile @Nullable FrameSink sink;

    @Override public void start(FrameSink sink) { this.sink = sink; }
    @Override public String describe() { return "hand"; }
    @Override public void close() { }

    FrameSink sink() {
      FrameSink s = sink;
      if (s == null) {
        throw new IllegalStateException("not started");
      }
      return s;
    }
  }

  @Test
  void wildTimestampsAndOddOrHugeFramesAreRepairedOrScaledAndTheFileStaysValid() {
    Path out = dir.resolve("wild.mp4");
    HandSource source = new HandSource();
    RecordingResult result;
    try (RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(out).outputSize(640, 360).queueCapacity(400).build(), source)) {
      session.start();
      FramePool pool = source.sink().pool();
      long[] captures = {0, 33_333, -5_000_000, 66_666, Long.MAX_VALUE, 100_000, 100_000,
          Long.MIN_VALUE, 133_333, 4_000_000_000_000_000L, 166_666};
      int[][] sizes = {{640, 360}, {641, 359}, {7680, 4320}, {2, 2}, {1, 1}, {333, 777},
          {640, 360}, {1921, 1081}, {16, 9}, {640, 360}, {640, 360}};
      for (int i = 0; i < captures.length; i++) {
        VideoFrame frame = pool.acquireVideo(PixelFormat.I420, sizes[i][0], sizes[i][1],
            captures[i]);
        TestPattern.paint(frame, i, false);
        source.sink().onVideo(frame);
      }
      result = session.stop();
    }
    assertThat(result.succeeded()).as("%s", result.failureReason()).isTrue();
    assertThat(result.stats().timestampRepairs()).isPositive();
    assertThatRecording(out).hasVideoFrames(11).hasVideoSize(640, 360)
        .hasStrictlyIncreasingTimestamps().decodesWithoutErrors();
  }

  @Test
  void fuzzTenThousandRandomFramesAndEventsKeepsRecordingToADecodableFile() {
    long seed = 5150;
    SplittableRandom random = new SplittableRandom(seed);
    Path out = dir.resolve("fuzz.mp4");
    HandSource source = new HandSource();
    int refused = 0;
    RecordingResult result;
    try (RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(out).outputSize(320, 240).build(), source)) {
      session.start();
      FramePool pool = source.sink().pool();
      long clock = 0;
      for (int i = 0; i < 10_000; i++) {
        clock += random.nextLong(-20_000, 60_000);
        try {
          switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> source.sink().onVideo(randomVideo(random, pool, clock));
            case 4, 5, 6, 7 -> source.sink().onAudio(randomAudio(random, pool, clock));
            case 8 -> source.sink().onEvent(random.nextBoolean()
                ? SourceEvent.muted(random.nextBoolean() ? TrackKind.AUDIO : TrackKind.VIDEO)
                : SourceEvent.unmuted(random.nextBoolean() ? TrackKind.AUDIO : TrackKind.VIDEO));
            default -> source.sink().onVideo(wrapped(random, clock));
          }
        } catch (InvalidFrameException e) {
          refused++;
        }
        if (i % 50 == 0) {
          Thread.onSpinWait();
        }
      }
      result = session.stop();
    }
    assertThat(result.succeeded()).as("seed %d: %s", seed, result.failureReason()).isTrue();
    assertThat(refused).as("bad frames were refused with a typed error").isPositive();
    assertThat(result.stats().videoFramesWritten()).isPositive();
    assertThatRecording(out).as("seed " + seed).hasVideoSize(320, 240)
        .hasStrictlyIncreasingTimestamps().decodesWithoutErrors();
  }

  private static VideoFrame randomVideo(SplittableRandom random, FramePool pool, long clock) {
    int width = random.nextInt(20) == 0 ? random.nextInt(-2, 3) : 1 + random.nextInt(700);
    int height = random.nextInt(20) == 0 ? 9000 : 1 + random.nextInt(500);
    long capture = random.nextInt(50) == 0 ? random.nextLong() : clock;
    PixelFormat format = PixelFormat.values()[random.nextInt(PixelFormat.values().length)];
    VideoFrame frame = pool.acquireVideo(format, width, height, capture);
    if (format == PixelFormat.I420) {
      TestPattern.paint(frame, clock, false);
    }
    return frame;
  }

  private static AudioFrame randomAudio(SplittableRandom random, FramePool pool, long clock) {
    int[] rates = {0, 7_000, 8_000, 16_000, 44_100, 48_000, 96_000, 192_000, 384_000};
    int rate = rates[random.nextInt(rates.length)];
    int channels = random.nextInt(11);
    int samples = random.nextInt(30) == 0 ? 0 : 1 + random.nextInt(2_000);
    return pool.acquireAudio(rate, channels, samples, clock);
  }

  /**
   * Caller-owned buffers of any format with random (often wrong) strides and lengths; the valid
   * ones are sized to the byte, with no spare room after the last row, as a careful caller would.
   */
  private static VideoFrame wrapped(SplittableRandom random, long clock) {
    PixelFormat format = PixelFormat.values()[random.nextInt(PixelFormat.values().length)];
    int width = 2 + random.nextInt(300);
    int height = 2 + random.nextInt(300);
    int planes = format.planeCount();
    ByteBuffer[] buffers = new ByteBuffer[planes];
    int[] strides = new int[planes];
    for (int i = 0; i < planes; i++) {
      int row = format.minStride(i, width);
      strides[i] = Math.max(1, row + random.nextInt(-2, 8));
      int rows = format.rows(i, height);
      int exact = strides[i] * (rows - 1) + row;
      buffers[i] = ByteBuffer.allocateDirect(Math.max(1, exact - random.nextInt(2)));
    }
    return VideoFrame.wrap(format, width, height, buffers, strides, clock, null);
  }

  @Test
  void wrongAudioFormatsAreRefusedWhenMadeNotWhenEncoded() {
    FramePool pool = new FramePool();
    int[][] bad = {{48_000, 0}, {48_000, 9}, {7_000, 2}, {384_000, 2}};
    for (int[] format : bad) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> pool.acquireAudio(format[0], format[1], 480, 0))
          .isInstanceOf(InvalidFrameException.class);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.acquireAudio(48_000, 2, 0, 0))
        .isInstanceOf(InvalidFrameException.class);
  }
}
