package dev.liverec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one recording (its output, sizes, rates, limits), fixed before it starts.
 * Immutable; build one from a shared {@link Recorder}'s defaults with {@link
 * Recorder#newConfig(Path)}, or from the library's with {@link #builder(Path)}:
 *
 * <pre>{@code
 * RecorderConfig config = RecorderConfig.builder(Path.of("recordings/demo.mp4"))
 *     .outputSize(1280, 720)
 *     .frameRate(30)
 *     .build();
 * }</pre>
 */
public final class RecorderConfig {
  /** Bit rate for 1080p30, scaled by pixel count and frame rate for other sizes. */
  public static final long REFERENCE_VIDEO_BIT_RATE = 2_000_000;

  private final Path output;
  private final int width;
  private final int height;
  private final int frameRate;
  private final long videoBitRate;
  private final Duration keyframeInterval;
  private final Preset preset;
  private final @Nullable Boolean audio;
  private final int audioSampleRate;
  private final int audioChannels;
  private final long audioBitRate;
  private final int queueCapacity;
  private final HandOver handOver;
  private final Duration fragmentDuration;
  private final FileLayout layout;
  private final @Nullable Duration maxDuration;
  private final Duration stallTimeout;
  private final Duration maxTimestampJump;
  private final Duration stopTimeout;
  private final String name;
  /** The builder's values this was built from, for {@link #toBuilder()}. */
  private final Builder settings;

  private RecorderConfig(Builder b, Path output) {
    this.output = output;
    this.width = b.width;
    this.height = b.height;
    this.frameRate = b.frameRate;
    this.videoBitRate = b.videoBitRate;
    this.keyframeInterval = b.keyframeInterval;
    this.preset = b.preset;
    this.audio = b.audio;
    this.audioSampleRate = b.audioSampleRate;
    this.audioChannels = b.audioChannels;
    this.audioBitRate = b.audioBitRate;
    this.queueCapacity = b.queueCapacity;
    this.handOver = b.handOver;
    this.fragmentDuration = b.fragmentDuration;
    this.layout = b.layout;
    this.maxDuration = b.maxDuration;
    this.stallTimeout = b.stallTimeout;
    this.maxTimestampJump = b.maxTimestampJump;
    this.stopTimeout = b.stopTimeout;
    this.name = b.name != null ? b.name : stripExtension(output.getFileName());
    this.settings = b.copy();
  }

  private static String stripExtension(@Nullable Path file) {
    String name = file == null ? "recording" : file.toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** Settings for a recording into {@code output}, from the library's defaults. */
  public static Builder builder(Path output) {
    return new Builder().output(output);
  }

  /**
   * Settings with no output yet: for {@link Recorder.Builder#defaults}, or to set the output
   * later with {@link Builder#output(Path)}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this config's values, to derive a variant. A name that was derived from
   * the output is derived again from the variant's output.
   */
  public Builder toBuilder() {
    return settings.copy();
  }

  public Path output() {
    return output;
  }

  /** True when the output size is taken from the first video frame. */
  public boolean sizeFromFirstFrame() {
    return width == 0;
  }

  /** Configured output width, or 0 for "the first frame's". */
  public int width() {
    return width;
  }

  /** Configured output height, or 0 for "the first frame's". */
  public int height() {
    return height;
  }

  public int frameRate() {
    return frameRate;
  }

  /** Nominal distance between frames in microseconds. */
  public long frameIntervalUs() {
    return 1_000_000L / frameRate;
  }

  /** Video bit rate for an output of this size: the configured one, or one scaled from 1080p30. */
  public long videoBitRate(int outputWidth, int outputHeight) {
    if (videoBitRate > 0) {
      return videoBitRate;
    }
    double scale = (double) outputWidth * outputHeight / (1920.0 * 1080.0) * frameRate / 30.0;
    return Math.max(200_000L, Math.round(REFERENCE_VIDEO_BIT_RATE * scale));
  }

  public Duration keyframeInterval() {
    return keyframeInterval;
  }

  /** Frames between keyframes. */
  public int gopFrames() {
    return (int) Math.max(1, keyframeInterval.toMillis() * frameRate / 1000);
  }

  public Preset preset() {
    return preset;
  }

  /** Whether to record audio: the configured choice, else whatever the source says. */
  public boolean audio(boolean sourceHasAudio) {
    return audio != null ? audio : sourceHasAudio;
  }

  public int audioSampleRate() {
    return audioSampleRate;
  }

  public int audioChannels() {
    return audioChannels;
  }

  public long audioBitRate() {
    return audioBitRate;
  }

  /** Video frames that may wait for the encoder before the oldest is dropped. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** What a full queue does: drop the oldest frame, or hold the source back. */
  public HandOver handOver() {
    return handOver;
  }

  public Duration fragmentDuration() {
    return fragmentDuration;
  }

  /** What a clean stop leaves on disk; see {@link FileLayout}. */
  public FileLayout layout() {
    return layout;
  }

  /**
   * Media length after which the recording ends by itself (for a live source that went quiet, by
   * the clock), or null for none (the default). See {@link Builder#maxDuration}.
   */
  public @Nullable Duration maxDuration() {
    return maxDuration;
  }

  public Duration stallTimeout() {
    return stallTimeout;
  }

  public Duration maxTimestampJump() {
    return maxTimestampJump;
  }

  public Duration stopTimeout() {
    return stopTimeout;
  }

  /** Name used for the session's thread and log lines. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "RecorderConfig[" + name + " -> " + output + ", "
        + (sizeFromFirstFrame() ? "size of first frame" : width + "x" + height) + "@" + frameRate
        + ", preset " + preset.id() + ", layout " + layout + ", queue " + queueCapacity + "]";
  }

  /** Builds a {@link RecorderConfig}; every setter checks its value at once. */
  public static final class Builder {
    private @Nullable Path output;
    private int width;
    private int height;
    private int frameRate = 30;
    private long videoBitRate;
    private Duration keyframeInterval = Duration.ofSeconds(2);
    private Preset preset = Preset.VERYFAST;
    private @Nullable Boolean audio;
    private int audioSampleRate = 48_000;
    private int audioChannels = 2;
    private long audioBitRate = 128_000;
    private int queueCapacity = 30;
    private HandOver handOver = HandOver.BY_SOURCE;
    private Duration fragmentDuration = Duration.ofSeconds(1);
    private FileLayout layout = FileLayout.INDEXED_FRAGMENTS;
    private @Nullable Duration maxDuration;
    private Duration stallTimeout = Duration.ofSeconds(10);
    private Duration maxTimestampJump = Duration.ofSeconds(30);
    private Duration stopTimeout = Duration.ofSeconds(5);
    private @Nullable String name;

    private Builder() {}

    /** A copy of this builder's current values, changed independently from here on. */
    Builder copy() {
      Builder b = new Builder();
      b.output = output;
      b.width = width;
      b.height = height;
      b.frameRate = frameRate;
      b.videoBitRate = videoBitRate;
      b.keyframeInterval = keyframeInterval;
      b.preset = preset;
      b.audio = audio;
      b.audioSampleRate = audioSampleRate;
      b.audioChannels = audioChannels;
      b.audioBitRate = audioBitRate;
      b.queueCapacity = queueCapacity;
      b.handOver = handOver;
      b.fragmentDuration = fragmentDuration;
      b.layout = layout;
      b.maxDuration = maxDuration;
      b.stallTimeout = stallTimeout;
      b.maxTimestampJump = maxTimestampJump;
      b.stopTimeout = stopTimeout;
      b.name = name;
      return b;
    }

    /** The MP4 file to write; it must not exist yet (it is created at start). */
    public Builder output(Path output) {
      this.output = Objects.requireNonNull(output, "output");
      return this;
    }

    /** Fixes the encoded size; other frame sizes are scaled to fit with their aspect kept. */
    public Builder outputSize(int width, int height) {
      if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0
          || width > 8192 || height > 8192) {
        throw new InvalidSettingException(
            "output size must be even and within 2..8192, got " + width + "x" + height);
      }
      this.width = width;
      this.height = height;
      return this;
    }

    /** Takes the encoded size from the first video frame (rounded down to even). The default. */
    public Builder sizeFromFirstFrame() {
      this.width = 0;
      this.height = 0;
      return this;
    }

    /** Nominal frame rate: sets the keyframe spacing and the jitter reference. Default 30. */
    public Builder frameRate(int frameRate) {
      if (frameRate < 1 || frameRate > 240) {
        throw new InvalidSettingException("frame rate must be within 1..240, got " + frameRate);
      }
      this.frameRate = frameRate;
      return this;
    }

    /** Video bit rate in bit/s. Default: 2 Mbit/s at 1080p30, scaled by pixels and frame rate. */
    public Builder videoBitRate(long bitsPerSecond) {
      if (bitsPerSecond < 50_000) {
        throw new InvalidSettingException("video bit rate must be >= 50000 bit/s");
      }
      this.videoBitRate = bitsPerSecond;
      return this;
    }

    /** Distance between keyframes. Default 2 s. */
    public Builder keyframeInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero() || interval.toSeconds() > 60) {
        throw new InvalidSettingException("keyframe interval must be within (0, 60s]");
      }
      this.keyframeInterval = interval;
      return this;
    }

    /** The encoder's speed/size trade-off. Default {@link Preset#VERYFAST}. */
    public Builder preset(Preset preset) {
      this.preset = Objects.requireNonNull(preset, "preset");
      return this;
    }

    /**
     * The preset by name ({@code ultrafast} to {@code veryslow}).
     *
     * @throws InvalidSettingException for a name that is not a {@link Preset}
     */
    public Builder preset(String preset) {
      this.preset = Preset.parse(Objects.requireNonNull(preset, "preset"));
      return this;
    }

    /** Record an audio track ({@code true}) or not; default: when the source has audio. */
    public Builder audio(boolean audio) {
      this.audio = audio;
      return this;
    }

    /** The audio track's fixed format; whatever arrives is converted to it. Default 48 kHz stereo. */
    public Builder audioFormat(int sampleRate, int channels) {
      if (sampleRate < 8_000 || sampleRate > 96_000 || channels < 1 || channels > 2) {
        throw new InvalidSettingException(
            "audio output must be 8..96 kHz with 1 or 2 channels, got " + sampleRate + " Hz x"
                + channels);
      }
      this.audioSampleRate = sampleRate;
      this.audioChannels = channels;
      return this;
    }

    public Builder audioBitRate(long bitsPerSecond) {
      if (bitsPerSecond < 16_000) {
        throw new InvalidSettingException("audio bit rate must be >= 16000 bit/s");
      }
      this.audioBitRate = bitsPerSecond;
      return this;
    }

    /**
     * Video frames that may wait for the encoder; beyond it the oldest are dropped and counted.
     * This bounds memory. Default 30.
     */
    public Builder queueCapacity(int frames) {
      if (frames < 1 || frames > 10_000) {
        throw new InvalidSettingException("queue capacity must be within 1..10000");
      }
      this.queueCapacity = frames;
      return this;
    }

    /**
     * What a full queue does (default {@link HandOver#BY_SOURCE}: drop the oldest frame of a live
     * source, hold back a source that is not live).
     */
    public Builder handOver(HandOver handOver) {
      this.handOver = Objects.requireNonNull(handOver, "handOver");
      return this;
    }

    /** Longest stretch of media not yet on disk; what a crash can lose. Default 1 s. */
    public Builder fragmentDuration(Duration duration) {
      if (duration.toMillis() < 100 || duration.toSeconds() > 60) {
        throw new InvalidSettingException("fragment duration must be within 100ms..60s");
      }
      this.fragmentDuration = duration;
      return this;
    }

    /** What a clean stop leaves on disk. Default {@link FileLayout#INDEXED_FRAGMENTS}. */
    public Builder layout(FileLayout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    /**
     * Ends the recording by itself once this much media is written, as if the source had ended
     * the stream: the file is exactly this long (to the frame), however late {@code stop()} would
     * come. For live sources, which never end on their own. Default: no limit.
     *
     * <p>Media time only advances with frames, so for a {@linkplain
     * dev.liverec.spi.FrameSource#isLive() live} source the limit also holds by the clock: once
     * this long has passed since the first frame arrived and no video is flowing (a publisher
     * that left for good), the recording ends, its last picture held and its audio filled with
     * silence up to this length, so the file still lasts exactly this long. The
     * {@linkplain RecordingResult#endReason() end reason} tells the two apart. While frames flow
     * the media-time rule ends the recording first.
     */
    public Builder maxDuration(Duration duration) {
      if (duration.toMillis() < 100) {
        throw new InvalidSettingException("max duration must be at least 100 ms");
      }
      this.maxDuration = duration;
      return this;
    }

    /** After this long without a frame the status reports a stall. Default 10 s. */
    public Builder stallTimeout(Duration timeout) {
      if (timeout.toMillis() < 10) {
        throw new InvalidSettingException("stall timeout must be at least 10 ms");
      }
      this.stallTimeout = timeout;
      return this;
    }

    /**
     * A timestamp that jumps further than this (either way) with no matching wall-clock time is
     * treated as a broken clock: the timeline is re-anchored instead of jumping. Default 30 s.
     */
    public Builder maxTimestampJump(Duration jump) {
      if (jump.toMillis() < 1000) {
        throw new InvalidSettingException("max timestamp jump must be at least 1 s");
      }
      this.maxTimestampJump = jump;
      return this;
    }

    /** How long {@code stop()} waits for the queue to drain and the file to close. Default 5 s. */
    public Builder stopTimeout(Duration timeout) {
      if (timeout.toMillis() < 100) {
        throw new InvalidSettingException("stop timeout must be at least 100 ms");
      }
      this.stopTimeout = timeout;
      return this;
    }

    /** Name for the session's thread and log lines; default: the output file's base name. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** @throws InvalidSettingException when no output was given */
    public RecorderConfig build() {
      Path out = output;
      if (out == null) {
        throw new InvalidSettingException(
            "no output file: call output(Path), or start from Recorder.newConfig(Path)");
      }
      return new RecorderConfig(this, out);
    }
  }
}
