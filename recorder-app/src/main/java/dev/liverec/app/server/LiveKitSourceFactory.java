package dev.liverec.app.server;

import dev.liverec.livekit.LiveKitFrameSource;
import dev.liverec.livekit.LiveKitSourceConfig;
import dev.liverec.spi.FrameSource;
import java.util.Objects;
import java.util.function.Function;

/**
 * Records LiveKit rooms: a mint_id names a room (or, through the resolver, maps to one), and each
 * recording joins it as its own hidden subscriber.
 */
public final class LiveKitSourceFactory implements SourceFactory {
  private final Function<String, LiveKitSourceConfig> resolver;
  private final String description;

  /**
   * @param resolver maps a mint_id to the room (and participant) to record
   * @param description for logs and /health; must not contain secrets
   */
  public LiveKitSourceFactory(Function<String, LiveKitSourceConfig> resolver, String description) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.description = Objects.requireNonNull(description, "description");
  }

  @Override
  public FrameSource create(MintId mintId) {
    return new LiveKitFrameSource(resolver.apply(mintId.value()));
  }

  @Override
  public String describe() {
    return description;
  }
}
