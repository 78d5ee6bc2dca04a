package dev.liverec.app;

import dev.liverec.app.server.LiveKitSourceFactory;
import dev.liverec.app.server.MintId;
import dev.liverec.app.server.SyntheticSourceFactory;
import dev.liverec.app.server.UrlSourceFactory;
import dev.liverec.cluster.SourceFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where recordings get their frames: {@code --source} and its options, one mixin for every command
 * that records by mint_id ({@code serve}, {@code worker} and the child process a worker starts per
 * part, {@code record-part}, which gets the same options back from {@link #childArgs()} and
 * {@link #childEnvironment()}).
 */
final class SourceOptions {
  /** The kinds of source a mint_id can name. */
  enum Kind { synthetic, livekit, url }

  @Option(names = "--source", defaultValue = "synthetic",
      description = "Where frames come from: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); "
          + "synthetic records a test pattern (serve: --size or --scenario; a worker: the size "
          + "the front asked for), livekit the room named by the mint_id, url the address of "
          + "--url-template.")
  Kind source;

  @Option(names = "--url-template", paramLabel = "ADDRESS",
      description = "--source url: the address each recording opens, with {mint_id} where the "
          + "mint_id goes: any URL or file FFmpeg opens, e.g. rtsp://camera.local/{mint_id}, "
          + "https://cdn.example/{mint_id}/index.m3u8, /archive/{mint_id}.mkv.")
  @Nullable String urlTemplate;

  @ArgGroup(exclusive = false, heading = "LiveKit (--source livekit):%n")
  @Nullable LiveKitOptions livekit;

  /**
   * A worker's source per recording part: the test pattern at the asked size, the LiveKit room or
   * the address named by the mint_id.
   *
   * @throws ParameterException when the options for the chosen source are missing or wrong
   */
  SourceFactory partFactory(CommandSpec spec) {
    return switch (source) {
      case synthetic -> (recording, part) -> SyntheticSourceFactory
          .endless(recording.width(), recording.height(), recording.frameRate())
          .create(MintId.parse(recording.mintId()));
      case livekit -> {
        LiveKitSourceFactory rooms = rooms(spec);
        yield (recording, part) -> rooms.create(MintId.parse(recording.mintId()));
      }
      case url -> {
        UrlSourceFactory urls = urls(spec);
        yield (recording, part) -> urls.create(MintId.parse(recording.mintId()));
      }
    };
  }

  /** The LiveKit rooms of the LiveKit options, checked: a usage error when they are incomplete. */
  LiveKitSourceFactory rooms(CommandSpec spec) {
    return LiveKitOptions.rooms(spec, livekit);
  }

  /** {@code --url-template}, checked: a usage error when it is missing or empty. */
  UrlSourceFactory urls(CommandSpec spec) {
    String template = urlTemplate;
    if (template == null) {
      throw new ParameterException(spec.commandLine(), "--source url needs --url-template "
          + "ADDRESS, e.g. --url-template 'rtsp://camera.local/{mint_id}'");
    }
    try {
      return UrlSourceFactory.of(template);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** These options for a child's command line; never the secrets (see {@link #childEnvironment()}). */
  List<String> childArgs() {
    List<String> args = new ArrayList<>(List.of("--source", source.name()));
    if (urlTemplate != null) {
      args.addAll(List.of("--url-template", urlTemplate));
    }
    LiveKitOptions lk = livekit;
    if (lk != null) {
      add(args, "--url", lk.url);
      add(args, "--api-key", lk.apiKey);
      add(args, "--participant", lk.participant);
    }
    return args;
  }

  /** The secrets for a child, as environment variables: they stay out of the process list. */
  Map<String, String> childEnvironment() {
    Map<String, String> env = new HashMap<>();
    LiveKitOptions lk = livekit;
    if (lk != null) {
      if (lk.apiSecret != null) {
        env.put(LiveKitOptions.SECRET_ENV, lk.apiSecret);
      }
      if (lk.token != null) {
        env.put(LiveKitOptions.TOKEN_ENV, lk.token);
      }
    }
    return env;
  }

  private static void add(List<String> args, String name, @Nullable String value) {
    if (value != null) {
      args.add(name);
      args.add(value);
    }
  }
}
