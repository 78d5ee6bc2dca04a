package dev.liverec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * recorder-testkit as a module: a test module that requires only {@code dev.liverec.testkit} gets
 * the kit, and through it liverec's API and AssertJ (both in the kit's signatures), but not the
 * FFmpeg classes the kit decodes with.
 */
class TestkitModuleTest {
  @TempDir Path dir;

  private final DownstreamModule tests = DownstreamModule.named("downstream.tests")
      .requires("dev.liverec.testkit");

  @Test
  void aTestModuleUsesTheKitTheApiAndAssertJ() {
    Compiled compiled = tests
        .importing("dev.liverec.testkit.RecordingAssert", "dev.liverec.frame.VideoFrame",
            "org.assertj.core.api.AbstractAssert")
        .source("app.ListScenarios", """
            package app;
            import dev.liverec.testkit.Scenario;
            public class ListScenarios {
              public static void main(String[] args) {
                System.out.println(Scenario.presetNames());
              }
            }
            """)
        .compile(dir);

    assertThat(compiled.errors()).isEmpty();
    assertThat(compiled.run("app.ListScenarios")).contains(Scenario.presetNames().toString());
  }

  @Test
  void theFfmpegBindingsStayTheKitsOwn() {
    assertThat(tests.importing("org.bytedeco.ffmpeg.avutil.AVFrame").compile(dir).errors())
        .contains("package org.bytedeco.ffmpeg.avutil is not visible");
  }
}
