/**
 * liverec's API: what a host app uses ({@code dev.liverec}), what providers implement
 * ({@code dev.liverec.spi}) and the frames sources hand over ({@code dev.liverec.frame}). The
 * session engine ({@code dev.liverec.engine}) is not exported: it is an implementation detail
 * that may change in any release.
 */
module dev.liverec.api {
  requires static org.jspecify;
  requires org.slf4j;

  exports dev.liverec;
  exports dev.liverec.spi;
  exports dev.liverec.frame;

  uses dev.liverec.spi.EncoderProvider;
  uses dev.liverec.spi.MuxerProvider;
  uses dev.liverec.spi.MetricsProvider;
  uses dev.liverec.spi.FrameSourceProvider;
  uses dev.liverec.spi.PictureConverter;
}
