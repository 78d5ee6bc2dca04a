package dev.liverec.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the fleet meets and how fast it notices a death. Shared by fronts and workers; immutable.
 *
 * <pre>{@code
 * ClusterConfig cluster = ClusterConfig.builder(URI.create("redis://10.0.0.5:6379")).build();
 * }</pre>
 */
public final class ClusterConfig {
  private final URI redis;
  private final String keyPrefix;
  private final Duration heartbeatInterval;
  private final Duration heartbeatTtl;
  private final Duration claimIdle;
  private final Duration eventClaimIdle;
  private final Duration pendingTimeout;
  private final Duration stopWait;
  private final Duration commandTimeout;
  private final Duration spreadWait;
  private final double failoverReserve;

  private ClusterConfig(Builder b) {
    this.redis = b.redis;
    this.keyPrefix = b.keyPrefix;
    this.heartbeatInterval = b.heartbeatInterval;
    this.heartbeatTtl = b.heartbeatTtl;
    this.claimIdle = b.claimIdle;
    this.eventClaimIdle = b.eventClaimIdle;
    this.pendingTimeout = b.pendingTimeout;
    this.stopWait = b.stopWait;
    this.commandTimeout = b.commandTimeout;
    this.spreadWait = b.spreadWait;
    this.failoverReserve = b.failoverReserve;
  }

  /** A config for the Redis at {@code redis://host:port[/db]}. */
  public static Builder builder(URI redis) {
    return new Builder(redis);
  }

  public URI redis() {
    return redis;
  }

  /** Every key the cluster writes starts with this and a colon. Default {@code liverec}. */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** How often a worker refreshes its heartbeat, load and recordings' status. Default 1 s. */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /** A worker whose heartbeat is this old is dead; its recordings continue elsewhere. Default 5 s. */
  public Duration heartbeatTtl() {
    return heartbeatTtl;
  }

  /** A start request taken but not confirmed for this long is taken again by another worker. */
  public Duration claimIdle() {
    return claimIdle;
  }

  /**
   * A recording event a front took for its webhooks and did not settle for this long (the front
   * died, or its receivers fell behind) is taken by another front and sent again, with the same
   * event id. Longer than a delivery's tries take, so a slow receiver is not sent it twice.
   * Default 60 s.
   */
  public Duration eventClaimIdle() {
    return eventClaimIdle;
  }

  /** A start no worker takes within this ends the recording (FAILED, or STOPPED for a later part). */
  public Duration pendingTimeout() {
    return pendingTimeout;
  }

  /** How long a front's stop waits for the worker to complete the object. Default 20 s. */
  public Duration stopWait() {
    return stopWait;
  }

  /** Longest wait for one Redis command; an outage fails requests this fast. Default 2 s. */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /**
   * Even spread's bound: a start goes to a worker with (about) the most free capacity, but once
   * it has waited this long since it was first queued any worker with room takes it. Default 1 s.
   */
  public Duration spreadWait() {
    return spreadWait;
  }

  /**
   * The share of the fleet's capacity kept free for failover: a front refuses a new recording
   * (503, saying so) when taking it would leave the live workers room for fewer recordings of its
   * size than this share of what the fleet holds; continuation parts of a dead or draining
   * worker's recordings may use the reserve. Set it to the share of workers the fleet must
   * survive losing at once. Default 0.05 (one worker in twenty); 0 keeps none.
   */
  public double failoverReserve() {
    return failoverReserve;
  }

  @Override
  public String toString() {
    return "ClusterConfig[redis=" + redis.getHost() + ":" + redis.getPort() + ", prefix=" + keyPrefix
        + ", heartbeat=" + heartbeatInterval.toMillis() + "ms/ttl " + heartbeatTtl.toMillis() + "ms"
        + ", reserve=" + failoverReserve + "]";
  }

  /** Builds a {@link ClusterConfig}. */
  public static final class Builder {
    private final URI redis;
    private String keyPrefix = "liverec";
    private Duration heartbeatInterval = Duration.ofSeconds(1);
    private Duration heartbeatTtl = Duration.ofSeconds(5);
    private Duration claimIdle = Duration.ofSeconds(5);
    private Duration eventClaimIdle = Duration.ofSeconds(60);
    private Duration pendingTimeout = Duration.ofSeconds(30);
    private Duration stopWait = Duration.ofSeconds(20);
    private Duration commandTimeout = Duration.ofSeconds(2);
    private Duration spreadWait = Duration.ofSeconds(1);
    private double failoverReserve = 0.05;

    private Builder(URI redis) {
      this.redis = Objects.requireNonNull(redis, "redis");
      if (!"redis".equals(redis.getScheme()) || redis.getHost() == null) {
        throw new IllegalArgumentException("the cluster address must look like redis://host:port, got "
            + redis.getScheme() + "://...");
      }
    }

    public Builder keyPrefix(String prefix) {
      if (!prefix.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new IllegalArgumentException("key prefix must be 1-64 of [A-Za-z0-9_.-]");
      }
      this.keyPrefix = prefix;
      return this;
    }

    /** Heartbeat interval and time to live; the TTL must be at least twice the interval. */
    public Builder heartbeat(Duration interval, Duration ttl) {
      if (interval.toMillis() < 50 || ttl.compareTo(interval.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException("heartbeat interval must be >= 50 ms and the TTL at least "
            + "twice the interval");
      }
      this.heartbeatInterval = interval;
      this.heartbeatTtl = ttl;
      return this;
    }

    public Builder claimIdle(Duration idle) {
      this.claimIdle = positive(idle, "claim idle time");
      return this;
    }

    /** See {@link ClusterConfig#eventClaimIdle()}: at least 100 ms. */
    public Builder eventClaimIdle(Duration idle) {
      if (idle.toMillis() < 100) {
        throw new IllegalArgumentException("the event claim idle time must be at least 100 ms");
      }
      this.eventClaimIdle = idle;
      return this;
    }

    public Builder pendingTimeout(Duration timeout) {
      this.pendingTimeout = positive(timeout, "pending timeout");
      return this;
    }

    public Builder stopWait(Duration wait) {
      this.stopWait = positive(wait, "stop wait");
      return this;
    }

    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = positive(timeout, "command timeout");
      return this;
    }

    /** See {@link ClusterConfig#spreadWait()}; zero takes every start at once (first reader). */
    public Builder spreadWait(Duration wait) {
      if (wait.isNegative()) {
        throw new IllegalArgumentException("spread wait must not be negative");
      }
      this.spreadWait = wait;
      return this;
    }

    /** See {@link ClusterConfig#failoverReserve()}: a fraction from 0 (none) to below 1. */
    public Builder failoverReserve(double fraction) {
      if (!(fraction >= 0 && fraction < 1)) {
        throw new IllegalArgumentException("failover reserve must be a fraction of the fleet's "
            + "capacity from 0 to below 1, got " + fraction);
      }
      this.failoverReserve = fraction;
      return this;
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }

    public ClusterConfig build() {
      return new ClusterConfig(this);
    }
  }
}
