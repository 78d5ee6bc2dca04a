package dev.liverec.app.server;

import dev.liverec.micrometer.PrometheusMetrics;
import dev.liverec.micrometer.RecordingMeters;

/**
 * {@code GET /metrics}: every recording's meters (recorder-micrometer's {@link RecordingMeters},
 * which each session gets through its {@code MetricsProvider}) in Prometheus text format. A
 * recording's series stay while the registry remembers it and go when it is forgotten, so the
 * series do not grow with every recording ever made. Close to take the Prometheus registry off
 * Micrometer's global one.
 */
final class ServerMetrics implements RecordingListener, AutoCloseable {
  private final PrometheusMetrics prometheus = PrometheusMetrics.install();

  /** The body of a {@code /metrics} answer. */
  String scrape() {
    return prometheus.scrape();
  }

  @Override
  public void forgotten(MintId id) {
    RecordingMeters.forget(io.micrometer.core.instrument.Metrics.globalRegistry, id.value());
  }

  @Override
  public void close() {
    prometheus.close();
  }
}
