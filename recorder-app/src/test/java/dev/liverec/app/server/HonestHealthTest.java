package dev.liverec.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.frame.VideoFrame;
import dev.liverec.spi.AudioEncoder;
import dev.liverec.spi.AudioEncoderSettings;
import dev.liverec.spi.EncoderProvider;
import dev.liverec.spi.PacketSink;
import dev.liverec.spi.StreamDescriptor;
import dev.liverec.spi.VideoEncoder;
import dev.liverec.spi.VideoEncoderSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health} says what is true: a session whose encoder cannot keep up is marked degraded
 * within 5 s (in its status and in {@code /health}); a deleted recordings folder and a full disk
 * turn {@code /health} and {@code /ready} to 503; a start on a full disk answers an error, never
 * "recording started"; a start beyond the CPU budget is refused with the figures.
 */
class HonestHealthTest {
  @TempDir Path root;

  @Test
  void aSessionWhoseEncoderFallsBehindIsMarkedDegradedWithin5Seconds() throws Exception {
    dev.liverec.Recorder slowEncoder = dev.liverec.Recorder.builder()
        .encoderProvider(new ThrottledEncoders(ffmpegEncoders(), 100)).build();
    try (RecordingServer server = RecordingServer.start(
        ServerConfig.loopback(0, root.resolve("rec")).withMinFreeBytes(0),
        SyntheticSourceFactory.endless(320, 180, 30), slowEncoder)) {
      ApiClient api = new ApiClient(server.port());
      assertThat(api.get("/health").status()).isEqualTo(200);

      long started = System.nanoTime();
      assertThat(api.start("starved").status()).isEqualTo(200);
      ApiClient.Response status;
      do {
        Thread.sleep(200);
        status = api.status("starved");
      } while (!status.body().path("degraded").asBoolean()
          && System.nanoTime() - started < 5_000_000_000L);

      assertThat(status.body().path("degraded").asBoolean()).as(status.body().toString()).isTrue();
      assertThat(status.body().path("degraded_reason").asText()).contains("falling behind");
      ApiClient.Response health = api.get("/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.body().path("status").asText()).isEqualTo("degraded");
      assertThat(health.body().path("degraded_recordings").asInt()).isEqualTo(1);
      assertThat(api.stop("starved").status()).isEqualTo(200);
    }
  }

  @Test
  void aStartBeyondTheCpuBudgetIsRefusedWithTheFigures() throws Exception {
    // 640x360@30 costs 0.23 MP x 30 x 5.2 ms = 0.036 cores: one fits in 0.05, two do not.
    try (RecordingServer server = RecordingServer.start(
        ServerConfig.loopback(0, root.resolve("rec")).withMinFreeBytes(0).withCoreBudget(0.05),
        SyntheticSourceFactory.endless(640, 360, 30))) {
      ApiClient api = new ApiClient(server.port());
      assertThat(api.start("first").status()).isEqualTo(200);

      ApiClient.Response second = api.start("second");

      assertThat(second.status()).isEqualTo(503);
      assertThat(second.reason()).contains("not enough CPU").contains("0.05 cores")
          .contains("0.04 more");
      assertThat(api.stop("first").status()).isEqualTo(200);
      assertThat(api.start("second").status()).isEqualTo(200);
      assertThat(api.stop("second").status()).isEqualTo(200);
    }
  }

  @Test
  void aDeletedRecordingsFolderMakesHealthAndReadyFail() throws Exception {
    Path folder = root.resolve("rec");
    try (RecordingServer server = RecordingServer.start(
        ServerConfig.loopback(0, folder).withMinFreeBytes(0),
        SyntheticSourceFactory.endless(320, 180, 15))) {
      ApiClient api = new ApiClient(server.port());
      assertThat(api.get("/ready").status()).isEqualTo(200);

      Files.delete(folder);

      ApiClient.Response health = api.get("/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.body().path("status").asText()).isEqualTo("unavailable");
      assertThat(health.reason()).contains("missing");
      assertThat(api.get("/ready").status()).isEqualTo(503);
      ApiClient.Response start = api.start("nowhere");
      assertThat(start.status()).isEqualTo(503);
      assertThat(start.reason()).contains("missing");
    }
  }

  @Test
  void aFullDiskMakesHealthFailAndAStartAnswersAnError() throws Exception {
    Path disk = Files.createDirectories(root.resolve("disk"));
    Assumptions.assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs",
        disk.toString()) == 0, "mounting a small tmpfs needs root with CAP_SYS_ADMIN");
    try {
      Path folder = Files.createDirectories(disk.resolve("rec"));
      fill(disk.resolve("filler"));

      // With the default free-space minimum the full disk is reported and starts are refused.
      try (RecordingServer server = RecordingServer.start(
          ServerConfig.loopback(0, folder).withMinFreeBytes(1024 * 1024),
          SyntheticSourceFactory.endless(320, 180, 15))) {
        ApiClient api = new ApiClient(server.port());
        ApiClient.Response health = api.get("/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body().path("status").asText()).isEqualTo("unavailable");
        assertThat(health.reason()).contains("MB free");
        ApiClient.Response start = api.start("full_disk");
        assertThat(start.status()).isEqualTo(503);
        assertThat(start.success()).isFalse();
      }
      // With no minimum the start is tried: it fails writing and answers an error, not 200.
      try (RecordingServer server = RecordingServer.start(
          ServerConfig.loopback(0, folder).withMinFreeBytes(0),
          SyntheticSourceFactory.endless(320, 180, 15))) {
        ApiClient api = new ApiClient(server.port());
        ApiClient.Response start = api.start("full_disk");
        assertThat(start.status()).as(start.body().toString()).isEqualTo(500);
        assertThat(start.success()).isFalse();
        assertThat(start.body().path("message").isMissingNode()).isTrue();
        ApiClient.Response health = api.get("/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body().path("recent_failures").size()).isEqualTo(1);
      }
    } finally {
      exec("umount", disk.toString());
    }
  }

  private static void fill(Path file) throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // No space left on device: the disk is full, as wanted.
    }
  }

  private static int exec(String... command) throws Exception {
    try {
      return new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (IOException e) {
      return -1;
    }
  }

  private static EncoderProvider ffmpegEncoders() {
    try (Stream<ServiceLoader.Provider<EncoderProvider>> all =
        ServiceLoader.load(EncoderProvider.class).stream()) {
      return all.map(ServiceLoader.Provider::get)
          .max(Comparator.comparingInt(EncoderProvider::priority)).orElseThrow();
    }
  }

  /** The real encoders, with every video frame taking at least {@code millis} longer. */
  private record ThrottledEncoders(EncoderProvider real, long millis) implements EncoderProvider {
    @Override
    public String name() {
      return "throttled " + real.name();
    }

    @Override
    public dev.liverec.spi.VideoScaler openScaler(int width, int height,
        dev.liverec.frame.FramePool pool) {
      return real.openScaler(width, height, pool);
    }

    @Override
    public VideoEncoder openVideo(VideoEncoderSettings settings) {
      VideoEncoder encoder = real.openVideo(settings);
      return new VideoEncoder() {
        @Override
        public int encode(VideoFrame frame, long ptsUs, PacketSink sink) {
          try {
            Thread.sleep(millis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return encoder.encode(frame, ptsUs, sink);
        }

        @Override
        public String name() {
          return encoder.name();
        }

        @Override
        public StreamDescriptor descriptor() {
          return encoder.descriptor();
        }

        @Override
        public void drain(PacketSink sink) {
          encoder.drain(sink);
        }

        @Override
        public void close() {
          encoder.close();
        }
      };
    }

    @Override
    public AudioEncoder openAudio(AudioEncoderSettings settings) {
      return real.openAudio(settings);
    }
  }
}
