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

  private DownstreamModule downstream(String imports) {
    return DownstreamModule.named("downstream.tests")
        .requires("dev.liverec.testkit")
        .source("app.RecordingCheck", "package app;\n" + imports + "\n"
            + "public class RecordingCheck {\n"
            + "  public static void main(String[] args) {\n"
            + "    System.out.println(Scenario.presetNames());\n"
            + "  }\n"
            + "}\n");
  }

  @Test
  void aTestModuleUsesTheKitTheApiAndAssertJ() {
    Compiled compiled = downstream("import dev.liverec.testkit.Scenario;"
        + " import dev.liverec.testkit.RecordingAssert; import dev.liverec.frame.VideoFrame;"
        + " import org.assertj.core.api.AbstractAssert;").compile(dir);

    assertThat(compiled.errors()).isEmpty();
    assertThat(compiled.run("app.RecordingCheck"))
        .contains(Scenario.presetNames().toString());
  }

  @Test
  void theFfmpegBindingsStayTheKitsOwn() {
    assertThat(downstream("import dev.liverec.testkit.Scenario;"
        + " import org.bytedeco.ffmpeg.avutil.AVFrame;").compile(dir).errors())
        .contains("package org.bytedeco.ffmpeg.avutil is not visible");
  }
}
