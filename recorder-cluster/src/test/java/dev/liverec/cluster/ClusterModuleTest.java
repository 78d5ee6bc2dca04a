package dev.liverec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liverec.testkit.Compiled;
import dev.liverec.testkit.DownstreamModule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * recorder-cluster as a module: a host app that requires {@code dev.liverec.cluster} configures a
 * fleet and gets liverec's API with it, and its module graph (Lettuce, the AWS SDK's modules)
 * resolves when it starts; Lettuce stays the cluster's own.
 */
class ClusterModuleTest {
  @TempDir Path dir;

  private final DownstreamModule hostApp = DownstreamModule.named("host.app")
      .requires("dev.liverec.cluster");

  @Test
  void aHostAppConfiguresAFleetOnTheModulePath() {
    Compiled app = hostApp
        .importing("dev.liverec.cluster.ClusterFront", "dev.liverec.cluster.Worker",
            "dev.liverec.RecordingSession")
        .source("app.Main", """
            package app;
            import dev.liverec.cluster.ClusterConfig;
            import java.net.URI;
            public class Main {
              public static void main(String[] args) {
                System.out.println(ClusterConfig.builder(URI.create("redis://10.0.0.5:6379"))
                    .keyPrefix("fleet").build());
              }
            }
            """)
        .compile(dir);

    assertThat(app.errors()).isEmpty();
    assertThat(app.run("app.Main")).contains("redis=10.0.0.5:6379", "prefix=fleet");
  }

  @Test
  void lettuceIsNotPartOfItsApi() {
    assertThat(hostApp.importing("io.lettuce.core.RedisClient").compile(dir).errors())
        .contains("package io.lettuce.core is not visible");
  }
}
