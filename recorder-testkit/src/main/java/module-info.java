/**
 * liverec's test kit: synthetic live sources that break recorders, MP4 assertions that decode the
 * result with FFmpeg ({@code RecordingAssert} is an AssertJ assertion, so AssertJ comes along), and
 * {@code DownstreamModule}, which compiles and runs a small module against a library's descriptor.
 */
module dev.liverec.testkit {
  requires transitive dev.liverec.api;
  requires transitive org.assertj.core;
  requires org.bytedeco.javacpp;
  requires org.bytedeco.ffmpeg;
  requires org.slf4j;
  requires java.compiler;
  requires java.management;
  requires static org.jspecify;

  exports dev.liverec.testkit;
}
