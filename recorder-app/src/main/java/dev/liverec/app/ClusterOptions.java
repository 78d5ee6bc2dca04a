package dev.liverec.app;

import dev.liverec.cluster.ClusterConfig;
import dev.liverec.cluster.ClusterUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where a fleet meets ({@code --cluster redis://host:port}) and how fast it notices a death;
 * shared by {@code serve --cluster} and {@code worker}, whose values must agree.
 */
final class ClusterOptions {
  private static final Logger log = LoggerFactory.getLogger(ClusterOptions.class);

  @Option(names = "--cluster", paramLabel = "redis://HOST:PORT",
      description = "The fleet's Redis (redis://host:port[/db]).")
  @Nullable URI redis;

  @Option(names = "--cluster-prefix", defaultValue = "liverec",
      description = "Prefix of every Redis key the fleet writes (default ${DEFAULT-VALUE}); "
          + "fleets sharing a Redis need different ones.")
  String prefix;

  @Option(names = "--heartbeat", defaultValue = "1s",
      description = "How often workers announce themselves (default ${DEFAULT-VALUE}).")
  Duration heartbeat;

  @Option(names = "--heartbeat-ttl", defaultValue = "5s",
      description = "A worker silent this long is dead and its recordings continue elsewhere "
          + "(default ${DEFAULT-VALUE}).")
  Duration heartbeatTtl;

  @Option(names = "--connect-wait", defaultValue = "30s",
      description = "At start-up, how long to keep trying to reach Redis (default "
          + "${DEFAULT-VALUE}): fleet processes may start in any order.")
  Duration connectWait;

  @Option(names = "--spread-wait", defaultValue = "1s",
      description = "Workers: a start goes to a worker with about the most room, but one that has "
          + "waited this long goes to any worker with room (default ${DEFAULT-VALUE}).")
  Duration spreadWait;

  @Option(names = "--failover-reserve", defaultValue = "0.05",
      description = "Fronts: share of the fleet's capacity kept for the recordings of workers "
          + "that die; new starts that would eat into it get 503 (default ${DEFAULT-VALUE}: "
          + "survives losing one worker in twenty at once).")
  double failoverReserve;

  @Option(names = "--webhook-claim-idle", defaultValue = "60s",
      description = "Fronts with --webhook-url: a fleet event another front took and did not "
          + "deliver for this long (it died) is sent by this one, with the same id (default "
          + "${DEFAULT-VALUE}).")
  Duration webhookClaimIdle;

  /**
   * Opens something that talks to Redis, trying again every half second while Redis does not
   * answer, up to {@code --connect-wait}.
   *
   * @throws ClusterUnavailableException the last failure, once the wait is over
   */
  <T> T connect(Supplier<T> open) {
    long deadline = System.nanoTime() + connectWait.toNanos();
    while (true) {
      try {
        return open.get();
      } catch (ClusterUnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        log.info("waiting for the cluster's Redis: {}", e.getMessage());
        try {
          Thread.sleep(500);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** The cluster config, or a usage error naming the bad flag. */
  ClusterConfig config(CommandSpec spec) {
    URI uri = redis;
    if (uri == null) {
      throw new ParameterException(spec.commandLine(), "--cluster redis://host:port is required");
    }
    try {
      return ClusterConfig.builder(uri).keyPrefix(prefix).heartbeat(heartbeat, heartbeatTtl)
          .spreadWait(spreadWait).failoverReserve(failoverReserve)
          .eventClaimIdle(webhookClaimIdle).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
