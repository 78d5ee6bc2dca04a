package dev.liverec.app;

import dev.liverec.testkit.Scenario;
import dev.liverec.loopback.LoopbackLiveKitServer;
import dev.liverec.loopback.LoopbackOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liverec loopback-server}: a LiveKit SFU double on 127.0.0.1 that LiveKit's own clients
 * can join, publish to and subscribe from, with a built-in synthetic publisher (or a testkit
 * scenario) in the default room, so {@code record --source livekit} can be tried without a LiveKit
 * deployment. Loopback only.
 */
@Command(
    name = "loopback-server",
    mixinStandardHelpOptions = true,
    description = "Run a LiveKit SFU double on 127.0.0.1: LiveKit clients can join, publish and "
        + "subscribe, and the default room has a synthetic publisher (moving pattern and tone "
        + "with sync markers).")
final class LoopbackServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "7880", description = "Port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--api-key", defaultValue = "devkey", description = "API key tokens must name.")
  String apiKey;

  @Option(names = "--api-secret", defaultValue = "${env:LIVEKIT_API_SECRET}", required = true,
      description = "Secret tokens must be signed with (at least 32 characters; default "
          + "$LIVEKIT_API_SECRET).")
  String apiSecret;

  @Option(names = "--room", defaultValue = "demo", description = "Room name (default ${DEFAULT-VALUE}).")
  String room;

  @Option(names = "--size", defaultValue = "640x360",
      description = "Published picture size (default ${DEFAULT-VALUE}).")
  Size size;

  @Option(names = "--fps", defaultValue = "30", description = "Frame rate (default ${DEFAULT-VALUE}).")
  int fps;

  @Option(names = "--scenario",
      description = "Publish this testkit scenario preset (basic, long, gaps, resolution, mute, "
          + "rapid, hostile) in real time instead of the endless stream: its size, gaps, resizes "
          + "and mutes reach the subscriber; when it ends the publisher leaves the room. "
          + "Overrides --size and --fps.")
  @Nullable String scenario;

  @Option(names = "--codec", defaultValue = "VP8",
      description = "Video codec subscribers get the synthetic camera in: ${COMPLETION-CANDIDATES} "
          + "(default ${DEFAULT-VALUE}).")
  LoopbackOptions.Codec codec;

  @Option(names = "--start-low", paramLabel = "WxH",
      description = "Start the synthetic camera on a low simulcast layer of this size and step "
          + "up to --size after --step-up-after, as a real SFU does when it has only seen the "
          + "low layer.")
  @Nullable Size startLow;

  @Option(names = "--step-up-after", defaultValue = "3s",
      description = "When a --start-low camera steps up (default ${DEFAULT-VALUE}).")
  java.time.Duration stepUpAfter;

  @Option(names = "--no-publisher", description = "No synthetic publisher: the default room "
      + "starts empty, for publishing from your own LiveKit client.")
  boolean noPublisher;

  @Option(names = "--no-auto-create", description = "Refuse joins to rooms other than --room "
      + "with HTTP 404 (by default, like livekit-server, a join creates its room).")
  boolean noAutoCreate;

  @Override
  public Integer call() throws Exception {
    if (apiSecret == null || apiSecret.length() < 32) {
      throw new ParameterException(spec.commandLine(),
          "--api-secret must be at least 32 characters, as LiveKit requires");
    }
    LoopbackOptions.Builder builder = LoopbackLiveKitServer.builder().port(port)
        .apiKey(apiKey, apiSecret).room(room).resolution(size.width(), size.height())
        .frameRate(fps).codec(codec).publish(!noPublisher).autoCreateRooms(!noAutoCreate);
    if (startLow != null) {
      try {
        builder.startOnLowLayer(startLow.width(), startLow.height(), stepUpAfter);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    String publishing = noPublisher ? "nothing (publish from your own client)"
        : size + "@" + fps + " " + codec;
    if (scenario != null) {
      try {
        Scenario script = Scenario.preset(scenario);
        builder.scenario(script);
        publishing = "scenario " + script;
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    try (LoopbackLiveKitServer server = builder.start()) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stopped.countDown();
      }, "liverec-loopback-shutdown"));
      out.printf("loopback LiveKit test double at %s, room '%s', publishing %s%n",
          server.url(), room, publishing);
      out.println("Record it with: liverec record --source livekit --url " + server.url()
          + " --api-key " + apiKey + " --api-secret <secret> --room " + room
          + " --duration 30s --output recordings/demo.mp4");
      out.flush();
      stopped.await();
    }
    return 0;
  }
}
