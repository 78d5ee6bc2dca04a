/**
 * liverec's metrics on Micrometer: a {@code MetricsProvider} found with
 * {@link java.util.ServiceLoader}, and {@code PrometheusMetrics} for a {@code /metrics} endpoint.
 * Micrometer's registries appear in this module's signatures, so it reads them transitively.
 */
// Micrometer's jars are automatic modules with stable names (Automatic-Module-Name).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.liverec.micrometer {
  requires transitive dev.liverec.api;
  requires transitive micrometer.core;
  requires transitive micrometer.registry.prometheus;
  requires static org.jspecify;

  exports dev.liverec.micrometer;

  provides dev.liverec.spi.MetricsProvider with dev.liverec.micrometer.MicrometerMetricsProvider;
}
