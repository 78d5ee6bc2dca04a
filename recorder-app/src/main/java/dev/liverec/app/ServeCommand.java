package dev.liverec.app;

import dev.liverec.app.server.RecordingServer;
import dev.liverec.app.server.ServerConfig;
import dev.liverec.app.server.SourceFactory;
import dev.liverec.app.server.SyntheticSourceFactory;
import dev.liverec.app.server.webhooks.WebhookConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liverec serve}: the experiment guide's HTTP API. Runs until SIGTERM or Ctrl-C, which stop
 * every recording cleanly first.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Serve the recording API: POST /api/recording/start and /stop with {\"mint_id\": ...}, "
            + "GET /api/recording/status/{mint_id}, /api/recording/active, /health, /ready, "
            + "/api/livestream/active, /metrics (Prometheus text).",
        "Files go to RECORDINGS/{mint_id}_{UTC timestamp}.mp4; logs to logs/recording.log."})
final class ServeCommand implements Callable<Integer> {
  /** Where recordings get their frames. */

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8000", description = "TCP port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}). Any other than loopback "
          + "needs --token.")
  String bind;

  @Option(names = "--token", defaultValue = "${env:LIVEREC_API_TOKEN}",
      description = "Bearer token every request must carry (default: $LIVEREC_API_TOKEN; none). "
          + "Prefer the variable or --token-file: a command-line value shows in ps.")
  @Nullable String token;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Read the bearer token from the first line of this file.")
  @Nullable Path tokenFile;

  @Option(names = "--cpu-budget", defaultValue = "0",
      description = "CPU cores the recordings may use together; a start that would need more "
          + "gets 503 (default: 80%% of this machine's cores).")
  double cpuBudget;

  @Option(names = "--min-free-mb", defaultValue = "256",
      description = "Free disk space below which /health is not ok and starts are refused "
          + "(default ${DEFAULT-VALUE} MB).")
  long minFreeMb;

  @Option(names = "--recordings", defaultValue = "recordings",
      description = "Folder for the MP4 files (default ${DEFAULT-VALUE}).")
  Path recordings;

  @Mixin SourceOptions sources;

  @Option(names = "--scenario",
      description = "Synthetic only: play this scenario preset in every recording instead of an "
          + "endless test pattern; the recording ends by itself when it does. One of: "
          + "basic, long, gaps, resolution, mute, rapid, hostile.")
  @Nullable String scenario;

  @Option(names = "--size", defaultValue = "1920x1080",
      description = "Synthetic picture size (default ${DEFAULT-VALUE}).")
  Size size;

  @Option(names = "--fps", defaultValue = "30", description = "Synthetic frame rate (default ${DEFAULT-VALUE}).")
  int fps;

  @Option(names = "--max-recordings", defaultValue = "16",
      description = "Recordings that may run at once (default ${DEFAULT-VALUE}).")
  int maxRecordings;

  @Option(names = "--webhook-url", paramLabel = "URL",
      description = "POST signed recording_started/_updated/_ended events to this URL "
          + "(repeatable; needs --webhook-secret-file). With --cluster: the fleet's events, "
          + "shared with its other fronts that have --webhook-url, at least once.")
  java.util.List<java.net.URI> webhookUrls = new java.util.ArrayList<>();

  @Option(names = "--webhook-secret-file", paramLabel = "FILE",
      description = "Sign webhooks with the secret on the first line of this file (HS256 JWT in "
          + "the Authorization header, as LiveKit signs its webhooks).")
  @Nullable Path webhookSecretFile;

  @Option(names = "--webhook-key", defaultValue = "liverec",
      description = "The signed JWT's issuer (iss), the API key a LiveKit WebhookReceiver checks "
          + "(default ${DEFAULT-VALUE}).")
  String webhookKey;

  @picocli.CommandLine.ArgGroup(exclusive = false,
      heading = "A front of a fleet (recordings on `liverec worker`s, state in Redis):%n")
  @Nullable ClusterOptions cluster;

  @Option(names = "--max-body", defaultValue = "16384",
      description = "Largest request body in bytes (default ${DEFAULT-VALUE}); larger get 413.")
  int maxBody;

  /** The source, as {@link #open()} described it. */
  private String described = "";

  @Override
  public Integer call() throws Exception {
    RecordingServer server = open();
    Thread hook = new Thread(() -> {
      server.close();
      StdoutAtExit.close();
    }, "liverec-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("liverec serving http://%s:%d (recordings %s, %s)%n",
        server.address().getAddress().getHostAddress(), server.port(), cluster != null
            ? "on the fleet at " + cluster.redis : "in " + server.recordings(),
        described);
    out.println("Stop with Ctrl-C or SIGTERM; running recordings are stopped and completed first.");
    out.flush();
    server.awaitClosed();
    return 0;
  }

  /** Checks the options and starts serving; what {@link #call()} runs before it waits. */
  RecordingServer open() throws Exception {
    CommandChecks.frameRate(spec, fps);
    if (Files.exists(recordings) && !Files.isDirectory(recordings)) {
      throw new ParameterException(spec.commandLine(), "--recordings " + recordings
          + " is not a folder; give a folder (it is created if missing)");
    }
    ServerConfig config = serverConfig();
    SourceFactory frames = sourceFactory();
    described = frames.describe();
    RecordingServer server;
    try {
      if (cluster != null) {
        server = ClusterServe.start(spec, cluster, config, frames, webhooks());
      } else {
        server = RecordingServer.start(config, frames, webhooks());
      }
    } catch (IOException e) {
      throw new CommandFailure("cannot serve on " + bind + ":" + port + ": "
          + (isBindFailure(e) ? "the port is in use; stop the other server or choose another "
              + "--port" : e.getMessage()), e);
    }
    return server;
  }

  private ServerConfig serverConfig() {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new ParameterException(spec.commandLine(), "--bind: unknown address '" + bind + "'");
    }
    String t = token();
    try {
      return new ServerConfig(address, port, recordings, t, maxBody, maxRecordings,
          ServerConfig.DEFAULT_THREADS, cpuBudget, minFreeMb * 1024 * 1024,
          ServerConfig.DEFAULT_MAX_CONNECTIONS_PER_CLIENT, ServerConfig.DEFAULT_HEAD_TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private WebhookConfig webhooks() {
    if (webhookUrls.isEmpty()) {
      if (webhookSecretFile != null) {
        throw new ParameterException(spec.commandLine(),
            "--webhook-secret-file needs at least one --webhook-url");
      }
      return WebhookConfig.NONE;
    }
    if (webhookSecretFile == null) {
      throw new ParameterException(spec.commandLine(), "--webhook-url needs "
          + "--webhook-secret-file FILE: webhooks are always signed");
    }
    try {
      WebhookConfig.Builder builder = WebhookConfig.builder().apiKey(webhookKey)
          .secret(firstLine(webhookSecretFile, "--webhook-secret-file"));
      webhookUrls.forEach(builder::url);
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private @Nullable String token() {
    Path file = tokenFile;
    if (file == null) {
      return token == null || token.isEmpty() ? null : token;
    }
    return firstLine(file, "--token-file");
  }

  /** The first line of a secret's file, stripped; never echoes what it read. */
  private String firstLine(Path file, String option) {
    try {
      String text = Files.readString(file).lines().findFirst().orElse("").strip();
      if (text.isEmpty()) {
        throw new ParameterException(spec.commandLine(), option + " " + file
            + " is empty; put the secret on its first line");
      }
      return text;
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ParameterException(spec.commandLine(), option + " " + file
          + " cannot be read (" + e.getClass().getSimpleName() + "); give a readable file");
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return true;
      }
    }
    return false;
  }

  /** The seam for other sources: a mint_id to a {@link dev.liverec.spi.FrameSource}. */
  private SourceFactory sourceFactory() {
    return switch (sources.source) {
      case synthetic -> {
        try {
          yield scenario != null
              ? SyntheticSourceFactory.scenario(scenario)
              : SyntheticSourceFactory.endless(size.width(), size.height(), fps);
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage());
        }
      }
      case livekit -> sources.rooms(spec);
      case url -> sources.urls(spec);
    };
  }
}
