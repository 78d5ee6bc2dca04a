package dev.liverec.micrometer;

import dev.liverec.spi.Metrics;
import dev.liverec.spi.MetricsProvider;

/**
 * Found with {@link java.util.ServiceLoader}: gives every session {@link RecordingMeters} on
 * Micrometer's global registry ({@link io.micrometer.core.instrument.Metrics#globalRegistry}).
 * The global registry drops everything until a registry is added to it, for example by
 * {@link PrometheusMetrics#install()}. To publish to a registry of your own instead, leave the
 * global registry empty and add {@code new RecordingMeters(registry, name)} to
 * {@code RecorderConfig.Builder.addMetrics}.
 */
public final class MicrometerMetricsProvider implements MetricsProvider {
  @Override
  public Metrics create(String sessionName) {
    return new RecordingMeters(io.micrometer.core.instrument.Metrics.globalRegistry, sessionName);
  }
}
