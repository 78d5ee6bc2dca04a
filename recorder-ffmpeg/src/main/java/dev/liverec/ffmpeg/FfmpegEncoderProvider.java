package dev.liverec.ffmpeg;

import dev.liverec.frame.FramePool;
import dev.liverec.spi.AudioEncoder;
import dev.liverec.spi.AudioEncoderSettings;
import dev.liverec.spi.EncoderProvider;
import dev.liverec.spi.VideoEncoder;
import dev.liverec.spi.VideoScaler;
import dev.liverec.spi.VideoEncoderSettings;

/** The FFmpeg encoders, found by {@link java.util.ServiceLoader}. */
public final class FfmpegEncoderProvider implements EncoderProvider {
  @Override
  public String name() {
    return "ffmpeg";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public VideoEncoder openVideo(VideoEncoderSettings settings) {
    return FfmpegVideoEncoder.open(settings);
  }

  @Override
  public VideoScaler openScaler(int width, int height, FramePool pool) {
    Ffmpeg.init();
    return new FfmpegVideoScaler(width, height, pool);
  }

  @Override
  public AudioEncoder openAudio(AudioEncoderSettings settings) {
    return FfmpegAudioEncoder.open(settings);
  }
}
