package dev.liverec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * recorder-api's module descriptor exports the API and hides the engine: a downstream module that
 * uses {@code dev.liverec}, {@code dev.liverec.spi} and {@code dev.liverec.frame} compiles, one
 * that reaches into {@code dev.liverec.engine} does not. (It lives here, in the first module that
 * depends on recorder-api, because recorder-api cannot depend on the testkit's
 * {@link DownstreamModule}.)
 */
class ApiModuleBoundaryTest {
  @TempDir Path dir;

  private final DownstreamModule downstream = DownstreamModule.named("downstream")
      .requires("dev.liverec.api");

  @Test
  void aDownstreamModuleSeesTheApiSpiAndFrames() {
    assertThat(downstream.importing("dev.liverec.RecordingSession", "dev.liverec.spi.FrameSource",
        "dev.liverec.frame.VideoFrame").compile(dir).errors()).isEmpty();
  }

  @Test
  void theEngineIsNotReadableFromAnotherModule() {
    assertThat(downstream.importing("dev.liverec.engine.Pipeline").compile(dir).errors())
        .contains("package dev.liverec.engine is not visible");
  }
}
