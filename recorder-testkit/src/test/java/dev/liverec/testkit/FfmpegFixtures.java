package dev.liverec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.ffmpeg;
import org.bytedeco.javacpp.Loader;

/**
 * Makes fixture files with the {@code ffmpeg} program bundled in the bytedeco jar, so the probe is
 * tested against files our own encoder did not write.
 */
final class FfmpegFixtures {
  /** Fragmented MP4 as a live recorder writes it: an empty moov, then one fragment per keyframe. */
  static final String FRAGMENTED = "frag_keyframe+empty_moov+default_base_moof";

  /** One white frame per second at 30 fps (frame-number based: {@code t < 0.034} would hit two). */
  private static final String WHITE_FLASH_EVERY_SECOND =
      "drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='eq(mod(n,30),0)'";

  private static final String TONE_WITH_BEEP_EVERY_SECOND =
      "aevalsrc='0.03*sin(2*PI*440*t)+0.5*sin(2*PI*1000*t)*lt(mod(t,1),0.1)':s=48000:c=stereo";

  private final Path directory;

  FfmpegFixtures(Path directory) {
    this.directory = directory;
  }

  /** 320x240 30 fps moving test pattern with a 440 Hz stereo tone, H.264 + AAC, plain MP4. */
  Path clean(String name, int seconds) {
    return encode(name, "ultrafast", testPattern(seconds), tone(seconds), List.of("-ac", "2"));
  }

  /**
   * The sync-marker signal: black video with a white frame at every whole second, a quiet 440 Hz
   * tone with a loud 1 kHz beep at every whole second, audio delayed by {@code audioDelayMillis}.
   */
  Path syncMarkers(String name, int seconds, int audioDelayMillis) {
    String video = "color=c=black:s=320x240:r=30:d=" + seconds + "," + WHITE_FLASH_EVERY_SECOND;
    // No atrim after adelay: it trims by timestamps that adelay has not shifted.
    String delay = audioDelayMillis > 0 ? ",adelay=" + audioDelayMillis + ":all=1" : "";
    String audio = TONE_WITH_BEEP_EVERY_SECOND + ":d=" + seconds + delay;
    return encode(name, "ultrafast", lavfi(video), lavfi(audio), List.of());
  }

  /**
   * Moving test pattern, video only, whose picture freezes at 2 s for {@code frozenFrames} extra
   * frames; x264's medium preset (B-frames, CRF) re-encodes the frozen picture with small changes.
   */
  Path frozen(String name, int seconds, int frozenFrames) {
    String video =
        "testsrc2=s=320x240:r=30:d="
            + seconds
            + ",loop=loop="
            + frozenFrames
            + ":size=1:start=60,setpts=N/30/TB";
    return encode(name, "medium", lavfi(video), List.of(), List.of());
  }

  /** Like {@link #clean} without the audio stream. */
  Path videoOnly(String name, int seconds) {
    return encode(name, "ultrafast", testPattern(seconds), List.of(), List.of());
  }

  /** Like {@link #clean} but fragmented, one fragment per second. */
  Path fragmented(String name, int seconds) {
    List<String> options =
        List.of("-ac", "2", "-g", "30", "-sc_threshold", "0", "-movflags", FRAGMENTED);
    return encode(name, "ultrafast", testPattern(seconds), tone(seconds), options);
  }

  /**
   * A copy of {@code source} cut to the given fraction of its bytes, as if the writer was killed.
   */
  Path truncatedCopy(Path source, String name, double fraction) throws IOException {
    Path target = directory.resolve(name);
    Files.copy(source, target);
    try (RandomAccessFile file = new RandomAccessFile(target.toFile(), "rw")) {
      file.setLength((long) (file.length() * fraction));
    }
    return target;
  }

  /** A file that is no media at all. */
  Path garbage(String name) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      text.append("this is not a video, line ").append(i).append('\n');
    }
    return Files.writeString(directory.resolve(name), text, StandardCharsets.US_ASCII);
  }

  private static List<String> testPattern(int seconds) {
    return lavfi("testsrc2=s=320x240:r=30:d=" + seconds);
  }

  private static List<String> tone(int seconds) {
    return lavfi("sine=f=440:sample_rate=48000:d=" + seconds);
  }

  private static List<String> lavfi(String graph) {
    return List.of("-f", "lavfi", "-i", graph);
  }

  private Path encode(
      String name,
      String x264Preset,
      List<String> videoInput,
      List<String> audioInput,
      List<String> outputOptions) {
    Path output = directory.resolve(name);
    List<String> command = new ArrayList<>();
    command.addAll(List.of(Loader.load(ffmpeg.class), "-hide_banner", "-nostdin", "-y"));
    command.addAll(List.of("-loglevel", "error"));
    command.addAll(videoInput);
    command.addAll(audioInput);
    command.addAll(List.of("-c:v", "libx264", "-preset", x264Preset, "-pix_fmt", "yuv420p"));
    command.addAll(List.of("-c:a", "aac", "-b:a", "128k"));
    command.addAll(outputOptions);
    command.add(output.toString());
    run(command);
    assertThat(output).isNotEmptyFile();
    return output;
  }

  private void run(List<String> command) {
    Path log = directory.resolve("ffmpeg.log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("ffmpeg timed out: " + command);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "ffmpeg failed ("
                + process.exitValue()
                + "): "
                + command
                + "\n"
                + Files.readString(log));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run ffmpeg", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running ffmpeg", e);
    }
  }
}
