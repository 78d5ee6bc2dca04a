package dev.liverec.spi;

/**
 * Makes a {@link Metrics} observer for each session, for example to publish to Micrometer.
 * Found with {@link java.util.ServiceLoader}; every provider present is used.
 */
public interface MetricsProvider {
  Metrics create(String sessionName);
}
