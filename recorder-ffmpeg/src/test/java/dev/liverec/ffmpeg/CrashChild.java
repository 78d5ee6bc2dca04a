package dev.liverec.ffmpeg;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingSession;
import dev.liverec.testkit.SourceClock;
import dev.liverec.testkit.SyntheticSource;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link CrashSafetyTest}: records a live (real-clock) synthetic stream
 * until it is killed, printing one line per second of media so the parent knows how far it got.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path output = Path.of(args[0]);
    RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(output).outputSize(640, 360).build(),
        SyntheticSource.builder().size(640, 360).clock(SourceClock.REAL).build());
    session.start();
    long reported = -1;
    while (true) {
      long media = session.status().stats().mediaDurationMs() / 1000;
      if (media != reported) {
        reported = media;
        System.out.println("media " + media);
        System.out.flush();
      }
      Thread.sleep(20);
    }
  }
}
