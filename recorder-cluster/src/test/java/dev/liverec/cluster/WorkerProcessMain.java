package dev.liverec.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A worker in its own JVM, for tests that kill one with SIGKILL or drain one with SIGTERM. Args:
 * redis URI, S3 endpoint, key prefix, buffer folder, worker id, capacity in CPUs.
 */
public final class WorkerProcessMain {
  private WorkerProcessMain() {}

  public static void main(String[] args) throws Exception {
    ClusterConfig cluster = ClusterConfig.builder(URI.create(args[0]))
        .heartbeat(Duration.ofMillis(500), Duration.ofSeconds(3))
        .claimIdle(Duration.ofSeconds(3))
        .pendingTimeout(Duration.ofSeconds(20))
        .build();
    StorageConfig storage = StorageConfig.builder("s3://" + S3Store.BUCKET + "/" + args[2])
        .endpoint(URI.create(args[1])).credentials(S3Store.ACCESS, S3Store.SECRET)
        .uploadInterval(Duration.ofMillis(500)).build();
    WorkerConfig config = WorkerConfig.builder(Path.of(args[3])).id(args[4])
        .cpus(Double.parseDouble(args[5])).maxCpuUtilization(1.0)
        .drainTimeout(Duration.ofSeconds(20)).build();
    Worker worker = Worker.start(config, cluster, storage, Fleet.SYNTHETIC);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close();
      done.countDown();
    }, "liverec-worker-sigterm"));
    System.out.println("ready " + worker.id());
    done.await();
  }
}
