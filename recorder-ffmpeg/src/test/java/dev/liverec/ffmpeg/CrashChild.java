package dev.liverec.ffmpeg;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingSession;
import dev.liverec.testkit.SourceClock;
import dev.liverec.testkit.SyntheticSource;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link CrashSafetyTest}: records a live (real-clock) synthetic stream
 * until it is killed, printing its media time in milliseconds every 20 ms so the parent knows how far it got.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path output = Path.of(args[0]);
    RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(output).outputSize(640, 360).build(),
        SyntheticSource.builder().size(640, 360).clock(SourceClock.REAL).build());
    session.start();
    while (true) {
      System.out.println("media " + session.status().stats().mediaDurationMs());
      System.out.flush();
      Thread.sleep(20);
    }
  }
}
