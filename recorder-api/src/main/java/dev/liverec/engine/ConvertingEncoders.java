package dev.liverec.engine;

import dev.liverec.frame.FramePool;
import dev.liverec.spi.AudioEncoder;
import dev.liverec.spi.AudioEncoderSettings;
import dev.liverec.spi.EncoderProvider;
import dev.liverec.spi.PictureConverter;
import dev.liverec.spi.VideoEncoder;
import dev.liverec.spi.VideoEncoderSettings;
import dev.liverec.spi.VideoScaler;
import org.jspecify.annotations.Nullable;

/**
 * An encoder provider whose scale stage asks a {@link PictureConverter} first ({@link
 * ConvertingScaler}); encoders come from the provider unchanged. The one place a converter joins
 * the pipeline, so every scaler a session opens (the scale stage's thread and the video track's)
 * takes the same route.
 */
public final class ConvertingEncoders implements EncoderProvider {
  private final EncoderProvider encoders;
  private final PictureConverter converter;

  private ConvertingEncoders(EncoderProvider encoders, PictureConverter converter) {
    this.encoders = encoders;
    this.converter = converter;
  }

  /** {@code encoders} with {@code converter} in front of its scalers; unchanged without one. */
  public static EncoderProvider with(EncoderProvider encoders,
      @Nullable PictureConverter converter) {
    return converter == null ? encoders : new ConvertingEncoders(encoders, converter);
  }

  @Override
  public String name() {
    return encoders.name();
  }

  @Override
  public int priority() {
    return encoders.priority();
  }

  @Override
  public VideoEncoder openVideo(VideoEncoderSettings settings) {
    return encoders.openVideo(settings);
  }

  @Override
  public AudioEncoder openAudio(AudioEncoderSettings settings) {
    return encoders.openAudio(settings);
  }

  @Override
  public VideoScaler openScaler(int width, int height, FramePool pool) {
    return new ConvertingScaler(converter, encoders.openScaler(width, height, pool), width, height,
        pool);
  }
}
