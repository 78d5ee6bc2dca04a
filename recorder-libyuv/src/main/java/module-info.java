/**
 * liverec's libyuv picture converter, found with {@link java.util.ServiceLoader}; nothing to call
 * directly. libyuv comes compiled into webrtc-java's natives (the only published build of it for
 * the JVM), so this module reads webrtc-java for its converter class and nothing else.
 */
module dev.liverec.libyuv {
  requires dev.liverec.api;
  requires webrtc.java;
  requires org.slf4j;
  requires static org.jspecify;

  provides dev.liverec.spi.PictureConverter with dev.liverec.libyuv.LibyuvPictureConverter;
}
