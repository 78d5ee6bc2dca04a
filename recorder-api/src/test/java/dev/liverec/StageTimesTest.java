package dev.liverec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.frame.PixelFormat;
import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.FrameSink;
import java.nio.file.Path;
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
      assertThat(stages.scale().maxMs()).isGreaterThanOrEqualTo(stages.scale().meanMs());
      assertThat(stages.encode().totalMs()).isGreaterThan(0);
    }
    assertThat(media.closed).as("scaler, encoder and muxer closed").isEqualTo(media.opened);
  }
}
