/**
 * liverec's FFmpeg providers: the H.264/AAC encoders, the fragmented MP4 muxer and
 * {@code FfmpegFrameSource} (any URL or file FFmpeg opens), on bytedeco's FFmpeg build. A host app
 * finds the providers with {@link java.util.ServiceLoader}; it needs no {@code requires} of this
 * module unless it uses {@code FfmpegFrameSource} directly.
 */
module dev.liverec.ffmpeg {
  requires transitive dev.liverec.api;
  requires org.bytedeco.javacpp;
  requires org.bytedeco.ffmpeg;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.liverec.ffmpeg;

  provides dev.liverec.spi.EncoderProvider with dev.liverec.ffmpeg.FfmpegEncoderProvider;
  provides dev.liverec.spi.MuxerProvider with dev.liverec.ffmpeg.FfmpegMuxerProvider;
  provides dev.liverec.spi.FrameSourceProvider with dev.liverec.ffmpeg.FfmpegFrameSourceProvider;
}
