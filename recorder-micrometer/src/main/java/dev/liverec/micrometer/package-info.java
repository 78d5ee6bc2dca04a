/**
 * liverec on Micrometer. With this module on the classpath every session publishes its counters,
 * gauges and timers ({@link RecordingMeters}), tagged {@code recording=<session name>}, to
 * Micrometer's global registry; {@link PrometheusMetrics} adds a Prometheus registry there and
 * renders the text a {@code /metrics} endpoint serves.
 */
@NullMarked
package dev.liverec.micrometer;

import org.jspecify.annotations.NullMarked;
