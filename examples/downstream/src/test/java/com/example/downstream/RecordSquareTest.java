package com.example.downstream;

import static dev.liverec.testkit.RecordingAssert.assertThatRecording;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.Recorder;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given our own source of 4 s of a moving square at 25 fps, when liverec records it, then FFmpeg
 * decodes an H.264 MP4 of exactly those 100 frames and 4 s.
 */
class RecordSquareTest {
  @TempDir Path dir;

  @Test
  void ourSourceBecomesAPlayableMp4() {
    Path out = dir.resolve("square.mp4");

    RecordingResult result;
    try (Recorder recorder = Recorder.create()) {
      result = RecordSquare.record(recorder, out, 4);
    }

    assertThat(result.state()).isEqualTo(RecordingState.STOPPED);
    assertThatRecording(out)
        .hasVideoStream("h264").hasNoAudio()
        .hasVideoSize(320, 240)
        .hasVideoFrames(100)
        .hasDurationCloseTo(Duration.ofSeconds(4), Duration.ofMillis(60))
        .hasStrictlyIncreasingTimestamps()
        .decodesWithoutErrors();
  }
}
