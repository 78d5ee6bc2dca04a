package dev.liverec.app;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Bounds of the options several commands share, checked with one-line messages. */
final class CommandChecks {
  /** Frame rates the recorder takes. */
  static final int MIN_FPS = 1;
  static final int MAX_FPS = 240;
  /** x264's presets. */
  static final List<String> PRESETS = List.of("ultrafast", "superfast", "veryfast", "faster",
      "fast", "medium", "slow", "slower", "veryslow");

  private CommandChecks() {}

  static void frameRate(CommandSpec spec, int fps) {
    if (fps < MIN_FPS || fps > MAX_FPS) {
      throw new ParameterException(spec.commandLine(), "--fps " + fps + " is out of range; give "
          + MIN_FPS + ".." + MAX_FPS + ", e.g. 30");
    }
  }

  static void preset(CommandSpec spec, String preset) {
    if (!PRESETS.contains(preset)) {
      throw new ParameterException(spec.commandLine(), "--preset '" + preset + "' is not an x264 "
          + "preset; use one of " + String.join(", ", PRESETS));
    }
  }
}
