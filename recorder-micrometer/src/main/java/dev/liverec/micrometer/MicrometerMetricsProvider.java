package dev.liverec.micrometer;

import dev.liverec.spi.Metrics;
import dev.liverec.spi.MetricsProvider;

/**
 * Found with {@link java.util.ServiceLoader}: gives every session {@link RecordingMeters} on
 * Micrometer's global registry ({@link io.micrometer.core.instrument.Metrics#globalRegistry}).
 * The global registry drops everything until a registry is added to it, for example by
 * {@link PrometheusMetrics#install()}. To publish to a registry of your own instead, leave the
 * global registry empty and build the {@link dev.liverec.Recorder} with
 * {@code .serviceLoaderMetrics(false).addMetrics(name -> new RecordingMeters(registry, name))}.
 */
public final class MicrometerMetricsProvider implements MetricsProvider {
  /** Made by {@link java.util.ServiceLoader}. */
  public MicrometerMetricsProvider() {}

  @Override
  public Metrics create(String sessionName) {
    return new RecordingMeters(io.micrometer.core.instrument.Metrics.globalRegistry, sessionName);
  }
}
