package dev.liverec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.frame.FramePool;
import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's named stages each report their time: given pictures of another size and format
 * than the output, when they are recorded, then the stats say how often and how long each frame
 * was scaled, encoded and muxed.
 */
class StageTimesTest {
  @TempDir Path dir;
  private final FakeMedia media = new FakeMedia();

  @Test
  void everyFrameIsScaledEncodedAndMuxedAndTheStatsSayHowLong() {
    FakeMedia.ManualSource source = new FakeMedia.ManualSource();
    try (Recorder recorder = Recorder.builder().encoderProvider(media).muxerProvider(media)
        .build()) {
      RecordingSession session = recorder.newRecording(recorder.newConfig(dir.resolve("s.mp4"))
          .outputSize(64, 48).queueCapacity(100).audio(false).build(), source).start();
      FrameSink sink = source.sink;
      for (int i = 0; i < 10; i++) {
        VideoFrame bgr = sink.pool().acquireVideo(PixelFormat.BGR24, 128, 72, i * 33_333L);
        sink.onVideo(bgr);
      }
      RecordingResult result = session.stop();

      RecordingStats.Stages stages = result.stats().stages();
      assertThat(stages.scale().calls()).as("every picture went through the scale stage")
          .isEqualTo(10);
      assertThat(stages.encode().calls()).isEqualTo(10);
      assertThat(stages.mux().calls()).as("one call per packet written")
          .isEqualTo(result.stats().packetsWritten());
      assertThat(stages.scale().totalMs()).as("the scale stage's time is measured").isPositive();
      assertThat(stages.encode().totalMs()).isGreaterThan(0);
    }
    assertThat(media.closed).as("scaler, encoder and muxer closed").isEqualTo(media.opened);
  }

  @Test
  void aPictureTheScaleStageCannotConvertEndsTheRecordingFailedAndFreesEveryFrame() {
    media.failScaleAfter = 4;
    FakeMedia.ManualSource source = new FakeMedia.ManualSource();
    AtomicInteger released = new AtomicInteger();
    try (Recorder recorder = Recorder.builder().encoderProvider(media).muxerProvider(media)
        .build()) {
      RecordingSession session = recorder.newRecording(recorder.newConfig(dir.resolve("f.mp4"))
          .outputSize(64, 48).queueCapacity(100).audio(false).build(), source).start();
      for (int i = 0; i < 20; i++) {
        ByteBuffer bgr = ByteBuffer.allocateDirect(32 * 3 * 24 + FramePool.PLANE_PADDING);
        source.sink.onVideo(VideoFrame.wrap(PixelFormat.BGR24, 32, 24, new ByteBuffer[] {bgr},
            new int[] {32 * 3}, i * 33_333L, released::incrementAndGet));
      }

      RecordingResult result = session.result().toCompletableFuture()
          .orTimeout(10, TimeUnit.SECONDS).join();

      assertThat(result.state()).isEqualTo(RecordingState.FAILED);
      assertThat(result.failure()).as("the stage thread's failure, typed")
          .isInstanceOf(MediaException.class).hasMessageContaining("injected scale failure");
      assertThat(source.closed).isTrue();
    }
    assertThat(released).as("every frame handed over was freed, on every path").hasValue(20);
    assertThat(media.closed).as("both scalers, the encoder and the muxer closed")
        .isEqualTo(media.opened);
  }
}
