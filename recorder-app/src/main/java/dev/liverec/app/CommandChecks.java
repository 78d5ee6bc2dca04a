package dev.liverec.app;

import dev.liverec.InvalidSettingException;
import dev.liverec.Preset;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Bounds of the options several commands share, checked with one-line messages. */
final class CommandChecks {
  /** Frame rates the recorder takes. */
  static final int MIN_FPS = 1;
  static final int MAX_FPS = 240;

  private CommandChecks() {}

  static void frameRate(CommandSpec spec, int fps) {
    if (fps < MIN_FPS || fps > MAX_FPS) {
      throw new ParameterException(spec.commandLine(), "--fps " + fps + " is out of range; give "
          + MIN_FPS + ".." + MAX_FPS + ", e.g. 30");
    }
  }

  /** The preset named on the command line, or a one-line error listing the presets. */
  static Preset preset(CommandSpec spec, String preset) {
    try {
      return Preset.parse(preset);
    } catch (InvalidSettingException e) {
      throw new ParameterException(spec.commandLine(), "--preset " + e.getMessage());
    }
  }

}
