package dev.liverec.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.testkit.Compiled;
import dev.liverec.testkit.DownstreamModule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * recorder-micrometer as a module. A host app that requires only liverec's API finds the metrics
 * provider on its module path (the descriptor's {@code provides}); one that requires
 * {@code dev.liverec.micrometer} serves {@code PrometheusMetrics} and reads Micrometer's
 * registries, which appear in this module's signatures.
 */
class MicrometerModuleTest {
  @TempDir Path dir;

  @Test
  void anAppThatRequiresOnlyTheApiFindsTheMetricsProviderOnItsModulePath() {
    Compiled app = DownstreamModule.named("host.app")
        .requires("dev.liverec.api")
        .withModuleOnPath("dev.liverec.micrometer")
        .uses("dev.liverec.spi.MetricsProvider")
        .source("app.Main", """
            package app;
            import dev.liverec.spi.MetricsProvider;
            import java.util.ServiceLoader;
            public class Main {
              public static void main(String[] args) {
                ServiceLoader.load(MetricsProvider.class).stream().forEach(p -> System.out.println(
                    p.type().getName() + " in " + p.type().getModule().getName()));
              }
            }
            """)
        .compile(dir);

    assertThat(app.errors()).isEmpty();
    assertThat(app.run("app.Main")).contains(
        "dev.liverec.micrometer.MicrometerMetricsProvider in dev.liverec.micrometer");
  }

  @Test
  void aModuleThatRequiresItServesPrometheusTextFromMicrometersRegistry() {
    assertThat(DownstreamModule.named("downstream")
        .requires("dev.liverec.micrometer")
        .source("app.MetricsEndpoint", """
            package app;
            import dev.liverec.micrometer.PrometheusMetrics;
            import io.micrometer.core.instrument.MeterRegistry;
            import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
            public class MetricsEndpoint {
              static String body(PrometheusMetrics metrics) {
                MeterRegistry registry = metrics.registry();
                PrometheusMeterRegistry prometheus = metrics.registry();
                return registry.getMeters().size() + prometheus.scrape();
              }
            }
            """)
        .compile(dir)
        .errors()).isEmpty();
  }
}
