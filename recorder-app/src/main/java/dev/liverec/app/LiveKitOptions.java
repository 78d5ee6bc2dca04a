package dev.liverec.app;

import dev.liverec.livekit.LiveKitSourceConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How to reach a LiveKit deployment: {@code --url} plus either {@code --livekit-token} or
 * {@code --api-key}/{@code --api-secret} (the secret may come from {@code LIVEKIT_API_SECRET}, which
 * keeps it out of the process list). Secrets are never printed or logged.
 */
final class LiveKitOptions {
  /** Where {@code --api-secret} may come from. */
  static final String SECRET_ENV = "LIVEKIT_API_SECRET";
  /** Where {@code --livekit-token} may come from (a worker gives it to its recorder processes so). */
  static final String TOKEN_ENV = "LIVEKIT_TOKEN";

  @Option(names = "--url", description = "LiveKit server URL, e.g. wss://my-project.livekit.cloud "
      + "or ws://127.0.0.1:7880.")
  @Nullable String url;

  @Option(names = "--api-key", description = "API key; with --api-secret a hidden, "
      + "subscribe-only token is minted per recording.")
  @Nullable String apiKey;

  @Option(names = "--api-secret", defaultValue = "${env:LIVEKIT_API_SECRET}",
      description = "API secret (default: $LIVEKIT_API_SECRET).")
  @Nullable String apiSecret;

  @Option(names = "--livekit-token", defaultValue = "${env:LIVEKIT_TOKEN}",
      description = "A ready LiveKit access token instead of key and secret (default: "
          + "$LIVEKIT_TOKEN).")
  @Nullable String token;

  @Option(names = "--participant", description = "Identity to record; default: the first "
      + "participant publishing a camera or screen share.")
  @Nullable String participant;

  /** A source config for {@code room}. */
  LiveKitSourceConfig config(String room) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("--source livekit needs --url");
    }
    LiveKitSourceConfig.Builder b = LiveKitSourceConfig.builder().url(url).room(room);
    if (token != null && !token.isBlank()) {
      b.token(token);
    } else if (apiKey != null && apiSecret != null && !apiSecret.isBlank()) {
      b.apiKey(apiKey, apiSecret);
    } else {
      throw new IllegalArgumentException(
          "--source livekit needs --livekit-token, or --api-key with --api-secret (or LIVEKIT_API_SECRET)");
    }
    if (participant != null && !participant.isBlank()) {
      b.participant(participant);
    }
    return b.build();
  }

  /**
   * The rooms of {@code --source livekit}: a mint_id names the room to record. Checks the options
   * at start-up, not at the first recording.
   *
   * @throws ParameterException when the options are missing or incomplete
   */
  static dev.liverec.app.server.LiveKitSourceFactory rooms(CommandSpec spec,
      @Nullable LiveKitOptions options) {
    if (options == null) {
      throw new ParameterException(spec.commandLine(),
          "--source livekit needs --url and --api-key/--api-secret or --livekit-token");
    }
    try {
      options.config("check");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return new dev.liverec.app.server.LiveKitSourceFactory(options::config,
        options.describe() + ", mint_id = room");
  }

  /** The URL, for logs; never the credentials. */
  String describe() {
    return "LiveKit " + url + (participant == null ? "" : " participant " + participant);
  }
}
