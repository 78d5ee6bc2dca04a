package dev.liverec.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One Redis client with two connections: a shared one for short commands and one for blocking
 * stream reads (a blocked read would hold up every other command on a shared connection). Both
 * reconnect by themselves; while Redis is away commands fail at once with
 * {@link ClusterUnavailableException} instead of queueing.
 */
final class RedisLink implements AutoCloseable {
  private final ClientResources resources;
  private final boolean ownsResources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> shared;
  private final StatefulRedisConnection<String, String> blocking;
  private final String where;

  RedisLink(ClusterConfig config) {
    this(config, null);
  }

  /**
   * @param sharedResources event loops shared by many links (a simulation of many workers in one
   *     JVM), not shut down by {@link #close()}; null for the link's own
   */
  RedisLink(ClusterConfig config, @Nullable ClientResources sharedResources) {
    this.ownsResources = sharedResources == null;
    this.where = config.redis().getHost() + ":" + config.redis().getPort();
    RedisURI uri = RedisURI.create(config.redis());
    uri.setTimeout(config.commandTimeout());
    // Reconnect every 250 ms while Redis is away, not with a backoff that grows to 30 s: a
    // restarted Redis must hear the workers' heartbeats before their keys expire.
    resources = sharedResources != null ? sharedResources : DefaultClientResources.builder()
        .reconnectDelay(Delay.constant(Duration.ofMillis(250))).build();
    client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
        .build());
    try {
      shared = client.connect();
      blocking = client.connect();
    } catch (RedisException e) {
      client.shutdown();
      if (ownsResources) {
        resources.shutdown();
      }
      throw unavailable(e);
    }
  }

  /** Runs short commands; a Redis failure becomes {@link ClusterUnavailableException}. */
  <T> T call(Function<RedisCommands<String, String>, T> commands) {
    try {
      return commands.apply(shared.sync());
    } catch (RedisException e) {
      throw unavailable(e);
    }
  }

  /** Runs a blocking read on the second connection. */
  <T> T blocking(Function<RedisCommands<String, String>, T> commands) {
    try {
      return commands.apply(blocking.sync());
    } catch (RedisException e) {
      throw unavailable(e);
    }
  }

  /** Runs a Lua script that answers with a string. */
  String script(String lua, String[] keys, String... args) {
    return call(r -> {
      Object out = r.eval(lua, ScriptOutputType.VALUE, keys, args);
      return out == null ? "" : out.toString();
    });
  }

  private ClusterUnavailableException unavailable(RedisException e) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (detail.contains("NOGROUP")) {
      return new ClusterUnavailableException(detail, e);
    }
    return new ClusterUnavailableException("the cluster's Redis at " + where + " did not answer ("
        + detail + "); nothing was changed, try again once it is back", e);
  }

  @Override
  public void close() {
    shared.close();
    blocking.close();
    client.shutdown();
    if (ownsResources) {
      resources.shutdown();
    }
  }
}
