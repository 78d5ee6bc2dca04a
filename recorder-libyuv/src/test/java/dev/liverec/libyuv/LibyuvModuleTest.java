package dev.liverec.libyuv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.liverec.testkit.Compiled;
import dev.liverec.testkit.DownstreamModule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * recorder-libyuv as a module: a host app that requires only liverec's API finds the converter on
 * its module path (the descriptor's {@code provides}) and a white picture comes out as white
 * (Y 235) without the app naming anything of this module. webrtc-java's natives jar is an
 * automatic module nobody requires (its name says the platform), so a module-path app adds it to
 * its graph itself, as webrtc-java's own users do: here by a {@code requires}, on the command line
 * {@code --add-modules webrtc.linux.x86_64}.
 */
class LibyuvModuleTest {
  @TempDir Path dir;

  /** webrtc-java's natives module for this machine, by its jar's Automatic-Module-Name. */
  private static final String NATIVES = "webrtc.linux." + switch (System.getProperty("os.arch")) {
    case "amd64" -> "x86_64";
    default -> System.getProperty("os.arch");
  };

  @Test
  void anAppThatRequiresOnlyTheApiFindsTheConverterAndConvertsWithIt() {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"),
        "the natives module's name is written for Linux here");
    Compiled app = app(DownstreamModule.named("host.app").requires(NATIVES));

    assertThat(app.errors()).isEmpty();
    assertThat(app.run("app.Main")).contains("libyuv in dev.liverec.libyuv accepts true", "Y 235");
  }

  @Test
  void withoutWebrtcJavasNativesItDeclinesEveryPictureInsteadOfFailing() {
    Compiled app = app(DownstreamModule.named("host.app"));

    assertThat(app.errors()).isEmpty();
    assertThat(app.run("app.Main")).contains("libyuv in dev.liverec.libyuv accepts false")
        .doesNotContain("Y ");
  }

  private Compiled app(DownstreamModule module) {
    return module
        .requires("dev.liverec.api")
        .withModuleOnPath("dev.liverec.libyuv")
        .uses("dev.liverec.spi.PictureConverter")
        .source("app.Main", """
            package app;
            import dev.liverec.frame.FramePool;
            import dev.liverec.frame.PixelFormat;
            import dev.liverec.frame.VideoFrame;
            import dev.liverec.spi.PictureConverter;
            import java.util.ServiceLoader;
            public class Main {
              public static void main(String[] args) {
                PictureConverter c = ServiceLoader.load(PictureConverter.class).findFirst()
                    .orElseThrow();
                FramePool pool = new FramePool();
                try (VideoFrame white = pool.acquireVideo(PixelFormat.BGRA, 64, 36, 0);
                    VideoFrame out = pool.acquireVideo(PixelFormat.I420, 64, 36, 0)) {
                  for (int i = 0; i < 64 * 36 * 4; i++) {
                    white.plane(0).put(i, (byte) 255);
                  }
                  System.out.println(c.name() + " in " + c.getClass().getModule().getName()
                      + " accepts " + c.accepts(white));
                  if (c.accepts(white)) {
                    c.toI420(white, out);
                    System.out.println("Y " + (out.plane(0).get(0) & 0xff));
                  }
                }
              }
            }
            """)
        .compile(dir);
  }
}
