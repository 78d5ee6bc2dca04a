package dev.liverec.micrometer;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A Prometheus registry on Micrometer's global registry, where {@link MicrometerMetricsProvider}
 * publishes every session's meters: {@link #scrape()} is the body of a {@code /metrics} response
 * ({@link #CONTENT_TYPE}). Close it to take the registry off the global one again.
 *
 * <pre>{@code
 * try (PrometheusMetrics metrics = PrometheusMetrics.install()) {
 *   // ... sessions record; GET /metrics answers metrics.scrape()
 * }
 * }</pre>
 */
public final class PrometheusMetrics implements AutoCloseable {
  /** The content type of {@link #scrape()}: Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  private PrometheusMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /** A new Prometheus registry, added to Micrometer's global registry. */
  public static PrometheusMetrics install() {
    PrometheusMetrics metrics = new PrometheusMetrics(
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    Metrics.addRegistry(metrics.registry);
    return metrics;
  }

  /** Every meter in Prometheus text format, for a {@code /metrics} endpoint. */
  public String scrape() {
    return registry.scrape();
  }

  /** The registry, to add meters of your own (JVM, HTTP server...). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    Metrics.removeRegistry(registry);
    registry.close();
  }
}
