package dev.liverec.libyuv;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.liverec.Recorder;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingState;
import dev.liverec.frame.PixelFormat;
import dev.liverec.spi.FrameSink;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.SourceEvent;
import dev.liverec.testkit.FfmpegCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given recorder-libyuv on the class path, when a host app records a source of packed BGR24
 * pictures, then the recorder has found libyuv by itself, every picture is in the MP4, and FFmpeg
 * decodes the solid blocks in the colours they were painted.
 */
class PackedRecordingTest {
  private static final int W = 640;
  private static final int H = 360;
  private static final int FRAMES = 60;
  private static final int FPS = 30;

  @TempDir Path dir;

  /** Paints {@link PackedPictures} (the gradient moving) as fast as the recorder takes them. */
  static final class BgrSource implements FrameSource {
    private Thread thread;
    private volatile boolean running = true;

    @Override
    public void start(FrameSink sink) {
      thread = new Thread(() -> {
        for (int i = 0; i < FRAMES && running; i++) {
          sink.onVideo(PackedPictures.paint(sink.pool(), PixelFormat.BGR24, W, H,
              i * 1_000_000L / FPS, i * 4));
        }
        if (running) {
          sink.onEvent(SourceEvent.endOfStream("all " + FRAMES + " frames sent"));
        }
      }, "bgr-source");
      thread.start();
    }

    @Override
    public boolean isLive() {
      return false;
    }

    @Override
    public String describe() {
      return "BGR24 test pictures";
    }

    @Override
    public void close() {
      running = false;
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void aBgrRecordingConvertedByLibyuvKeepsEveryPictureAndItsColours() throws IOException {
    assumeTrue(LibyuvPictureConverter.available(), "webrtc-java's natives do not load here");
    Path out = dir.resolve("bgr.mp4");
    RecordingResult result;
    try (Recorder recorder = Recorder.create()) {
      assertThat(recorder.pictureConverter()).as("found with ServiceLoader")
          .isInstanceOf(LibyuvPictureConverter.class);
      try (RecordingSession session = recorder.newRecording(
          recorder.newConfig(out).outputSize(W, H).frameRate(FPS).build(), new BgrSource())) {
        session.start();
        result = session.awaitResult(Duration.ofMinutes(1)).orElseThrow();
      }
    }

    assertThat(result.state()).isEqualTo(RecordingState.STOPPED);
    assertThat(result.stats().stages().scale().calls()).isEqualTo(FRAMES);
    assertThatRecording(out)
        .hasVideoFrames(FRAMES)
        .hasDurationCloseTo(Duration.ofSeconds(2), Duration.ofMillis(100))
        .hasStrictlyIncreasingTimestamps()
        .decodesWithoutErrors();
    Path raw = dir.resolve("frame30.rgb");
    FfmpegCli.run(Duration.ofSeconds(30), "-i", out.toString(), "-vf", "select=eq(n\\,30)",
        "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", raw.toString());
    byte[] rgb = Files.readAllBytes(raw);
    assertThat(rgb).hasSize(W * H * 3);
    for (int[] block : PackedPictures.BLOCKS) {
      int at = ((block[1] + PackedPictures.BLOCK / 2) * W + block[0] + PackedPictures.BLOCK / 2)
          * 3;
      for (int c = 0; c < 3; c++) {
        assertThat(rgb[at + c] & 0xff).as("block at %d,%d, channel %d", block[0], block[1], c)
            .isCloseTo(block[2 + c], Offset.offset(12));
      }
    }
  }
}
