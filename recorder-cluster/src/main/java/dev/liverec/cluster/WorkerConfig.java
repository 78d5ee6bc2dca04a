package dev.liverec.cluster;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/** One worker's identity, capacity and local buffer. Immutable. */
public final class WorkerConfig {
  private final String id;
  private final double cpus;
  private final double maxCpuUtilization;
  private final Path bufferDir;
  private final long maxBufferBytes;
  private final Duration drainTimeout;

  private WorkerConfig(Builder b) {
    this.id = b.id;
    this.cpus = b.cpus;
    this.maxCpuUtilization = b.maxCpuUtilization;
    this.bufferDir = b.bufferDir;
    this.maxBufferBytes = b.maxBufferBytes;
    this.drainTimeout = b.drainTimeout;
  }

  /** A config whose recordings are buffered in {@code bufferDir} until uploaded. */
  public static Builder builder(Path bufferDir) {
    return new Builder(bufferDir);
  }

  public String id() {
    return id;
  }

  public double cpus() {
    return cpus;
  }

  public double maxCpuUtilization() {
    return maxCpuUtilization;
  }

  /** The CPUs this worker fills with recordings: {@code cpus x maxCpuUtilization}. */
  public double capacity() {
    return cpus * maxCpuUtilization;
  }

  public Path bufferDir() {
    return bufferDir;
  }

  /** While the buffer folder holds more than this, the worker takes no new recording. */
  public long maxBufferBytes() {
    return maxBufferBytes;
  }

  /** How long a SIGTERM'd worker takes at most to hand over or end its recordings. */
  public Duration drainTimeout() {
    return drainTimeout;
  }

  @Override
  public String toString() {
    return "WorkerConfig[" + id + ", " + cpus + " CPUs at most " + Math.round(maxCpuUtilization * 100)
        + "%, buffer " + bufferDir + " (" + (maxBufferBytes >> 20) + " MiB), drain "
        + drainTimeout.toSeconds() + " s]";
  }

  /** Builds a {@link WorkerConfig}. Defaults: this machine's CPUs, 80%, 10 GiB buffer, 30 s drain. */
  public static final class Builder {
    private final Path bufferDir;
    private String id = defaultId();
    private double cpus = Runtime.getRuntime().availableProcessors();
    private double maxCpuUtilization = 0.8;
    private long maxBufferBytes = 10L << 30;
    private Duration drainTimeout = Duration.ofSeconds(30);

    private Builder(Path bufferDir) {
      this.bufferDir = Objects.requireNonNull(bufferDir, "bufferDir");
    }

    private static String defaultId() {
      String host = ManagementFactory.getRuntimeMXBean().getName().replaceAll("[^A-Za-z0-9_.@-]", "_");
      return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Builder id(String id) {
      if (!id.matches("[A-Za-z0-9_.@-]{1,100}")) {
        throw new IllegalArgumentException("worker id must be 1-100 of [A-Za-z0-9_.@-]");
      }
      this.id = id;
      return this;
    }

    /** The CPUs this worker may use (default: the machine's). */
    public Builder cpus(double cpus) {
      if (!(cpus > 0) || cpus > 1024) {
        throw new IllegalArgumentException("cpus must be within (0, 1024]");
      }
      this.cpus = cpus;
      return this;
    }

    /** The share of those CPUs recordings may fill, Egress's max_cpu_utilization (default 0.8). */
    public Builder maxCpuUtilization(double share) {
      if (!(share > 0) || share > 1) {
        throw new IllegalArgumentException("max CPU utilization must be within (0, 1]");
      }
      this.maxCpuUtilization = share;
      return this;
    }

    public Builder maxBufferBytes(long bytes) {
      if (bytes < 1 << 20) {
        throw new IllegalArgumentException("the buffer must allow at least 1 MiB");
      }
      this.maxBufferBytes = bytes;
      return this;
    }

    public Builder drainTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("drain timeout must be positive");
      }
      this.drainTimeout = timeout;
      return this;
    }

    public WorkerConfig build() {
      return new WorkerConfig(this);
    }
  }
}
