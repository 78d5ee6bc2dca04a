package dev.liverec.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.testkit.Compiled;
import dev.liverec.testkit.DownstreamModule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * recorder-ffmpeg as a module. A host app that requires only liverec's API finds the FFmpeg
 * encoder, muxer and source providers on its module path (the descriptor's {@code provides});
 * one that requires {@code dev.liverec.ffmpeg} uses {@code FfmpegFrameSource} and gets the API
 * with it, but not bytedeco's FFmpeg bindings, which stay this module's own.
 */
class FfmpegModuleTest {
  @TempDir Path dir;

  @Test
  void anAppThatRequiresOnlyTheApiFindsTheProvidersOnItsModulePath() {
    Compiled app = DownstreamModule.named("host.app")
        .requires("dev.liverec.api")
        .withModuleOnPath("dev.liverec.ffmpeg")
        .uses("dev.liverec.spi.EncoderProvider")
        .uses("dev.liverec.spi.MuxerProvider")
        .uses("dev.liverec.spi.FrameSourceProvider")
        .source("app.Main", """
            package app;
            import dev.liverec.spi.*;
            import java.util.ServiceLoader;
            public class Main {
              public static void main(String[] args) {
                for (Class<?> spi : new Class<?>[] {
                    EncoderProvider.class, MuxerProvider.class, FrameSourceProvider.class}) {
                  ServiceLoader.load(spi).stream().forEach(p -> System.out.println(
                      spi.getSimpleName() + " " + p.type().getName()
                      + " in " + p.type().getModule().getName()));
                }
              }
            }
            """)
        .compile(dir);

    assertThat(app.errors()).isEmpty();
    assertThat(app.run("app.Main")).contains(
        "EncoderProvider dev.liverec.ffmpeg.FfmpegEncoderProvider in dev.liverec.ffmpeg",
        "MuxerProvider dev.liverec.ffmpeg.FfmpegMuxerProvider in dev.liverec.ffmpeg",
        "FrameSourceProvider dev.liverec.ffmpeg.FfmpegFrameSourceProvider in dev.liverec.ffmpeg");
  }

  private final DownstreamModule downstream = DownstreamModule.named("downstream")
      .requires("dev.liverec.ffmpeg");

  @Test
  void aModuleThatRequiresItUsesTheFileSourceAndTheApi() {
    assertThat(downstream.importing("dev.liverec.ffmpeg.FfmpegFrameSource",
        "dev.liverec.ffmpeg.SourceUnreachableException", "dev.liverec.RecordingSession")
        .compile(dir).errors()).isEmpty();
  }

  @Test
  void theFfmpegBindingsAreNotPartOfItsApi() {
    assertThat(downstream.importing("org.bytedeco.ffmpeg.avformat.AVFormatContext")
        .compile(dir).errors()).contains("package org.bytedeco.ffmpeg.avformat is not visible");
  }
}
