package dev.liverec.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.testkit.HeadlessChromium;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person streaming a recording in a browser sees: Debian's Chromium, headless, plays the
 * file from a web server that sends 1 MB/s (with range requests, as any CDN does). A 5-minute
 * recording (about 40 MB) must start playing after a small part of it has been sent (not after the
 * whole file: counted in bytes, so a slow machine does not fail it) and seek to 25, 50 and 90% showing
 * the right picture (the test pattern burns each frame's number into it), because its index is
 * right after the header. A recording killed mid-way plays up to within a fragment of the kill.
 */
class BrowserPlaybackTest {
  private static final int FPS = 30;
  private static final long LINK_BYTES_PER_SECOND = 1_000_000;
  /** What the page reads from a white flash frame: every block bright. */
  private static final long WHITE = (1L << 24) - 1;

  @TempDir Path dir;

  /** One seek the page made: where it asked to go, where it went, which frame it showed. */
  record Seek(double fraction, double time, long frame, double millis) {}

  record Playback(double canplayMs, long bytesBeforeCanplay, double duration, List<Seek> seeks,
      String error) {
    static Playback parse(String report, long bytesBeforeCanplay) {
      double canplay = Double.NaN;
      double duration = Double.NaN;
      String error = null;
      List<Seek> seeks = new ArrayList<>();
      for (String line : report.split("\n")) {
        String[] kv = line.split("=", 2);
        switch (kv[0]) {
          case "canplayMs" -> canplay = Double.parseDouble(kv[1]);
          case "duration" -> duration = Double.parseDouble(kv[1]);
          case "error" -> error = kv[1];
          case "seek" -> {
            String[] f = kv[1].split(",");
            seeks.add(new Seek(Double.parseDouble(f[0]), Double.parseDouble(f[1]),
                Long.parseLong(f[2]), Double.parseDouble(f[3])));
          }
          default -> { }
        }
      }
      return new Playback(canplay, bytesBeforeCanplay, duration, seeks, error);
    }
  }

  private Playback play(String file, String seeks) throws Exception {
    byte[] page;
    try (InputStream in = getClass().getResourceAsStream("/browser/player.html")) {
      page = in.readAllBytes();
    }
    try (ThrottledHttp http = new ThrottledHttp(dir, LINK_BYTES_PER_SECOND, page)) {
      var report = http.nextReport();
      try (HeadlessChromium browser = HeadlessChromium.open(
          http.url("/?file=" + file + "&seeks=" + seeks), dir.resolve("chromium-" + file))) {
        String found = report.get(90, TimeUnit.SECONDS);
        return Playback.parse(found, http.bytesSentBeforeCanplay());
      }
    }
  }

  @Test
  void aFiveMinuteRecordingPlaysAfterASmallPartIsSentAndSeeksToTheRightFrame() throws Exception {
    assumeTrue(HeadlessChromium.available(), "Debian's chromium is not installed (.ci/run does)");
    Path out = dir.resolve("five-minutes.mp4");
    Scenario fiveMinutes = Scenario.builder().name("five-minutes").size(320, 180).frameRate(FPS)
        .play(Duration.ofMinutes(5)).build();
    try (RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(out).outputSize(320, 180).frameRate(FPS)
            .videoBitRate(1_000_000).build(),
        fiveMinutes.source(SourceClock.VIRTUAL))) {
      session.start();
      RecordingResult result = session.awaitResult(Duration.ofMinutes(5)).orElseThrow();
      assertThat(result.succeeded()).as("%s", result.failureReason()).isTrue();
    }
    assertThat(Files.size(out)).as("a file that takes half a minute to download at 1 MB/s")
        .isGreaterThan(30_000_000L);

    Playback playback = play("five-minutes.mp4", "0.251,0.502,0.903");
    System.out.println("five minutes, " + Files.size(out) + " bytes at 1 MB/s: " + playback);

    assertThat(playback.error()).isNull();
    // At 1 MB/s the whole file takes over 30 s; playing after its first few MB means the index
    // came first. Counted in bytes, not time (printed above), so a loaded machine cannot fail it.
    assertThat(playback.bytesBeforeCanplay()).as("bytes sent before canplay")
        .isBetween(1L, Files.size(out) / 8);
    assertThat(playback.duration()).isCloseTo(300.0, org.assertj.core.data.Offset.offset(0.5));
    assertThat(playback.seeks()).hasSize(3).allSatisfy(seek -> {
      assertThat(seek.time()).isCloseTo(seek.fraction() * 300, org.assertj.core.data.Offset.offset(1.0));
      assertShowsFrameAt(seek);
    });
  }

  @Test
  void aRecordingKilledMidwayPlaysUpToTheKill() throws Exception {
    assumeTrue(HeadlessChromium.available(), "Debian's chromium is not installed (.ci/run does)");
    Path out = dir.resolve("running.mp4");
    Path killed = dir.resolve("killed.mp4");
    Scenario tenSeconds = Scenario.builder().name("ten-seconds").size(320, 180).frameRate(FPS)
        .play(Duration.ofSeconds(10)).build();
    long mediaAtKillMs;
    try (RecordingSession session = RecordingSession.create(
        RecorderConfig.builder(out).outputSize(320, 180).frameRate(FPS).build(),
        tenSeconds.source(SourceClock.REAL))) {
      session.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (session.status().stats().mediaDurationMs() < 6_000) {
        assertThat(System.nanoTime()).as("6 s of media within 30 s: %s", session.status())
            .isLessThan(deadline);
        Thread.sleep(20);
      }
      // What a kill leaves is what is on disk now: every fragment is written when it is cut.
      mediaAtKillMs = session.status().stats().mediaDurationMs();
      Files.copy(out, killed);
      session.stop();
    }

    Playback playback = play("killed.mp4", "0.87");

    assertThat(playback.error()).isNull();
    assertThat(playback.duration() * 1000).as("plays to within a fragment of the kill")
        .isGreaterThan(mediaAtKillMs - 1_150);
    assertShowsFrameAt(playback.seeks().get(0));
  }

  /**
   * The picture shown is the frame for its time: its burned-in number is within two frames of
   * time x fps, or it is the white sync flash (no number) within two frames of a whole second.
   */
  private static void assertShowsFrameAt(Seek seek) {
    double expected = seek.time() * FPS;
    if (seek.frame() == WHITE) {
      assertThat(Math.abs(expected - Math.round(seek.time()) * FPS)).as("a flash at %.3f s",
          seek.time()).isLessThanOrEqualTo(2.0);
    } else {
      assertThat((double) seek.frame()).as("frame shown at %.3f s", seek.time())
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(2.0));
    }
  }
}
