package dev.liverec.app;

import dev.liverec.FileLayout;
import dev.liverec.Preset;
import dev.liverec.Recorder;
import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingStats;
import dev.liverec.spi.FrameSource;
import dev.liverec.spi.FrameSourceProvider;
import dev.liverec.livekit.LiveKitFrameSource;
import dev.liverec.testkit.Scenario;
import dev.liverec.testkit.SourceClock;
import dev.liverec.testkit.SyntheticSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code liverec record}: records one stream into one MP4, with progress, then prints stats. */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = "Record a stream into an MP4 file.")
final class RecordCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--source", defaultValue = "synthetic",
      description = "Where frames come from: synthetic, livekit, or url:<URL or file>, anything "
          + "FFmpeg opens (?listen on rtmp/srt/rtsp waits for a publisher) (default ${DEFAULT-VALUE}).")
  String source;

  @Option(names = "--scenario",
      description = "Synthetic only: play this scenario preset (basic, long, gaps, resolution, "
          + "mute, rapid, hostile) instead of the plain test pattern; it sets size and length.")
  @Nullable String scenario;

  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "LiveKit (--source livekit):%n")
  @Nullable LiveKitOptions livekit;

  @Option(names = "--room", description = "LiveKit room to record (with --source livekit).")
  @Nullable String room;

  @Option(names = "--duration", defaultValue = "30s",
      description = "How long to record (media time), e.g. 30s, 20m, 4h (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--size", defaultValue = "1920x1080",
      description = "Synthetic picture size and output size (default ${DEFAULT-VALUE}).")
  Size size;

  @Option(names = "--fps", defaultValue = "30", description = "Frame rate (default ${DEFAULT-VALUE}).")
  int fps;

  @Option(names = "--output", required = true, description = "The MP4 file to write.")
  Path output;

  @Option(names = "--overwrite", description = "Replace the output file if it exists and is a "
      + "regular file (never a device, FIFO, socket, folder or link).")
  boolean overwrite;

  @Option(names = "--preset", defaultValue = "veryfast",
      description = "Encoder speed/size trade-off: ultrafast, superfast, veryfast, faster, fast, "
          + "medium, slow, slower, veryslow (default ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--layout", defaultValue = "INDEXED_FRAGMENTS",
      description = "What a clean stop leaves: INDEXED_FRAGMENTS (crash-safe fragments with an "
          + "index up front, plays at once in a browser over HTTP; default), FRAGMENTS (index "
          + "at the end only), REGULAR (a regular MP4; keeps ~20 MB of index per hour in memory).")
  FileLayout layout;

  @Option(names = "--fast",
      description = "Virtual clock: record as fast as the encoder goes instead of in real time.")
  boolean fast;

  @Option(names = "--json", description = "Print the final result as one JSON object on stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CommandChecks.frameRate(spec, fps);
    Preset speed = CommandChecks.preset(spec, preset);
    OutputTarget.prepare(spec, output, overwrite);
    RecorderConfig.Builder config = RecorderConfig.builder(output).frameRate(fps).preset(speed)
        .layout(layout);
    FrameSource frames;
    long totalMs = duration.toMillis();
    if (source.equals("livekit")) {
      frames = liveKitSource();
      config.maxDuration(duration);
    } else if (source.startsWith("url:")) {
      frames = urlSource(source.substring(4));
      if (frames.isLive()) {
        config.maxDuration(duration);
      }
    } else if (!source.equals("synthetic")) {
      throw new ParameterException(spec.commandLine(),
          "--source must be synthetic, livekit or url:<URL or file>");
    } else if (scenario != null) {
      Scenario script = scenarioPreset(scenario);
      config.outputSize(script.width() & ~1, script.height() & ~1).frameRate(script.frameRate());
      frames = script.source(fast ? SourceClock.VIRTUAL : SourceClock.REAL);
      totalMs = script.mediaDuration().toMillis();
    } else {
      config.outputSize(size.width() & ~1, size.height() & ~1);
      frames = SyntheticSource.builder()
          .size(size.width(), size.height())
          .frameRate(fps)
          .duration(duration)
          .clock(fast ? SourceClock.VIRTUAL : SourceClock.REAL)
          .build();
    }
    RecordingResult result;
    // No metrics providers: one recording that prints its own stats has no /metrics to feed, and
    // Micrometer's registry would only cost start-up time.
    try (Recorder recorder = Recorder.builder().serviceLoaderMetrics(false).build();
        RecordingSession session = recorder.newRecording(config.build(), frames)) {
      session.start();
      result = awaitWithProgress(session, err, totalMs,
          !source.equals("synthetic") && frames.isLive());
    }
    if (json) {
      out.println(Json.MAPPER.writeValueAsString(Json.result(result)));
    } else {
      printSummary(out, result);
    }
    out.flush();
    return result.succeeded() ? ExitCode.OK : ExitCode.FAILED;
  }

  private FrameSource liveKitSource() {
    LiveKitOptions options = livekit;
    if (options == null || room == null) {
      throw new ParameterException(spec.commandLine(),
          "--source livekit needs --url, --room and --api-key/--api-secret or --livekit-token");
    }
    try {
      return new LiveKitFrameSource(options.config(room));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private FrameSource urlSource(String address) {
    try {
      return FrameSourceProvider.openAddress(address);
    } catch (dev.liverec.LiverecException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private Scenario scenarioPreset(String name) {
    try {
      return Scenario.preset(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /**
   * Waits for the session to end, drawing a progress bar. A live source does not end by itself:
   * its session ends at {@code maxDuration}; should it not (its media runs behind), it is stopped
   * a second later.
   */
  private RecordingResult awaitWithProgress(
      RecordingSession session, PrintWriter err, long totalMs, boolean stopAtDuration) {
    while (true) {
      if (stopAtDuration && session.status().stats().mediaDurationMs() >= totalMs + 1_000) {
        err.print("\r" + " ".repeat(78) + "\r");
        err.flush();
        return session.stop();
      }
      var done = session.awaitResult(Duration.ofMillis(500));
      if (done.isPresent()) {
        err.print("\r" + " ".repeat(78) + "\r");
        err.flush();
        return done.get();
      }
      RecordingStats stats = session.status().stats();
      double fraction = Math.min(1.0, stats.mediaDurationMs() / (double) Math.max(1, totalMs));
      int filled = (int) (fraction * 30);
      err.printf(Locale.ROOT, "\r[%s%s] %5.1f%%  %6.1f s  %,d frames  %,d KB  streak %d",
          "#".repeat(filled), " ".repeat(30 - filled), fraction * 100,
          stats.mediaDurationMs() / 1000.0, stats.videoFramesWritten(),
          stats.bytesWritten() / 1024, stats.zeroPacketStreak());
      err.flush();
    }
  }

  private static void printSummary(PrintWriter out, RecordingResult result) {
    RecordingStats s = result.stats();
    out.printf(Locale.ROOT, "%s %s: %.2f s of media, %,d bytes%n", result.state(),
        result.output(), result.mediaDuration().toMillis() / 1000.0, result.bytes());
    if (result.failureReason() != null) {
      out.println("reason: " + result.failureReason());
    }
    out.printf(Locale.ROOT,
        "video_frames_received %d, video_frames_written %d, audio_frames_received %d, "
            + "audio_frames_written %d%n", s.videoFramesReceived(), s.videoFramesWritten(),
        s.audioFramesReceived(), s.audioFramesWritten());
    out.printf(Locale.ROOT,
        "packets_written %d, zero_packet_streak %d, encoder_flush_count %d, encoder %s%n",
        s.packetsWritten(), s.zeroPacketStreak(), s.encoderFlushCount(), s.encoderName());
    out.printf(Locale.ROOT,
        "pts_jitter_avg %.3f ms, pts_jitter_max %.3f ms, frames_dropped_backpressure %d, "
            + "avg_frame_processing_ms %.2f (p99 %.2f)%n", s.ptsJitterAvgMs(), s.ptsJitterMaxMs(),
        s.framesDroppedBackpressure(), s.avgFrameProcessingMs(), s.frameProcessingP99Ms());
  }
}
