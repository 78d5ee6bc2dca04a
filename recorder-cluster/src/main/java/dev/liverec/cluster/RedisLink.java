package dev.liverec.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
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
  private final Duration timeout;
  /** Each script's SHA-1, by its text. */
  private final Map<String, String> shas = new ConcurrentHashMap<>();
  /** SHA-1s of the scripts this link loaded into Redis before pipelining them. */
  private final java.util.Set<String> loaded = ConcurrentHashMap.newKeySet();

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
    this.timeout = config.commandTimeout();
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

  /**
   * Runs a Lua script that answers with a string: by its SHA-1 (EVALSHA, so Redis neither
   * receives nor hashes the body again), with the body only when Redis does not know it yet.
   */
  String script(String lua, String[] keys, String... args) {
    String sha = shas.computeIfAbsent(lua, RedisLink::sha1);
    return call(r -> {
      Object out;
      try {
        out = r.evalsha(sha, ScriptOutputType.VALUE, keys, args);
      } catch (RedisNoScriptException e) {
        out = r.eval(lua, ScriptOutputType.VALUE, keys, args);
      }
      return out == null ? "" : out.toString();
    });
  }

  /** Runs a Lua script that answers with a list of strings (EVALSHA as {@link #script}). */
  List<String> scriptList(String lua, String[] keys, String... args) {
    String sha = shas.computeIfAbsent(lua, RedisLink::sha1);
    return call(r -> {
      List<Object> out;
      try {
        out = r.evalsha(sha, ScriptOutputType.MULTI, keys, args);
      } catch (RedisNoScriptException e) {
        out = r.eval(lua, ScriptOutputType.MULTI, keys, args);
      }
      return out == null ? List.of() : out.stream().map(String::valueOf).toList();
    });
  }

  /**
   * Runs one script many times in one pipelined exchange (the calls' replies, in order): a
   * worker's reports on all its recordings cost one round trip, not one each.
   */
  List<String> scripts(String lua, List<String[]> keys, List<String[]> args) {
    String sha = shas.computeIfAbsent(lua, RedisLink::sha1);
    if (keys.size() > 1 && loaded.add(sha)) {
      // one SCRIPT LOAD, not a NOSCRIPT and a fallback EVAL for every call of the first batch
      call(r -> r.scriptLoad(lua));
    }
    List<Integer> calls = java.util.stream.IntStream.range(0, keys.size()).boxed().toList();
    List<Object> out = pipelined(calls,
        (async, i) -> async.evalsha(sha, ScriptOutputType.VALUE, keys.get(i), args.get(i)),
        i -> {
          loaded.remove(sha); // Redis lost its scripts (a restart): load it again next time
          return call(r -> r.eval(lua, ScriptOutputType.VALUE, keys.get(i), args.get(i)));
        });
    return out.stream().map(v -> v == null ? "" : v.toString()).toList();
  }

  /** Sends one command per item in one pipelined exchange; the replies in order. */
  <I, T> List<T> pipelined(List<I> items,
      BiFunction<RedisAsyncCommands<String, String>, I, RedisFuture<T>> command) {
    return pipelined(items, command, null);
  }

  /**
   * @param noScript what a call answers when Redis did not know its script yet (by the call's
   *     index), or null for calls that run no script
   */
  private <I, T> List<T> pipelined(List<I> items,
      BiFunction<RedisAsyncCommands<String, String>, I, RedisFuture<T>> command,
      @Nullable IntFunction<T> noScript) {
    if (items.isEmpty()) {
      return List.of();
    }
    RedisAsyncCommands<String, String> async = shared.async();
    List<RedisFuture<T>> replies = new ArrayList<>();
    for (I item : items) {
      replies.add(command.apply(async, item));
    }
    List<T> out = new ArrayList<>();
    try {
      for (RedisFuture<T> reply : replies) {
        T value;
        try {
          value = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (noScript == null || !(e.getCause() instanceof RedisNoScriptException)) {
            throw e;
          }
          value = noScript.apply(out.size());
        }
        out.add(value);
      }
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw unavailable(new RedisException(String.valueOf(cause.getMessage()), cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(new RedisException("interrupted", e));
    }
    return out;
  }

  private static String sha1(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
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
