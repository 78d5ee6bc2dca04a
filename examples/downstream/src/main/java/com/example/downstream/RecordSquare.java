package com.example.downstream;

import dev.liverec.Recorder;
import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import java.nio.file.Path;
import java.time.Duration;

/** Records {@link MovingSquareSource} into an MP4 through liverec's API. */
public final class RecordSquare {
  private RecordSquare() {}

  /** Records {@code seconds} of the moving square at 25 fps to {@code output}. */
  public static RecordingResult record(Recorder recorder, Path output, int seconds) {
    int fps = 25;
    RecorderConfig config = recorder.newConfig(output).name("moving-square")
        .outputSize(320, 240).frameRate(fps).build();
    try (RecordingSession session = recorder.newRecording(config,
        new MovingSquareSource(320, 240, fps, seconds * fps))) {
      session.start();
      return session.awaitResult(Duration.ofSeconds(60 + seconds))
          .orElseThrow(() -> new IllegalStateException("the recording did not end in time"));
    }
  }

  public static void main(String[] args) {
    Path output = Path.of(args.length > 0 ? args[0] : "square.mp4");
    RecordingResult result;
    try (Recorder recorder = Recorder.create()) {   // one per process, shared by every recording
      result = record(recorder, output, 5);
    }
    System.out.println(result.state() + ": " + result.output() + ", "
        + result.stats().videoFramesWritten() + " frames");
  }
}
