package dev.liverec.cluster;

import dev.liverec.testkit.SourceClock;
import dev.liverec.testkit.SyntheticSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A fleet on this machine for a test: one Redis, one S3 store, fronts and workers. Workers run in
 * this JVM ({@link #worker}) or as real child JVMs ({@link #workerProcess}) where a test kills one.
 * Short heartbeats so deaths show within seconds.
 */
final class Fleet implements AutoCloseable {
  /** The synthetic live stream every recording gets: the test pattern with a tone, real time. */
  static final SourceFactory SYNTHETIC = (spec, part) -> SyntheticSource.builder()
      .size(spec.width(), spec.height()).frameRate(spec.frameRate()).clock(SourceClock.REAL).build();

  final Path dir;
  final RedisServer redis;
  final S3Store s3;
  final ClusterConfig cluster;
  final String prefix;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  Fleet(Path dir, String prefix) throws Exception {
    this.dir = dir;
    this.prefix = prefix;
    this.redis = RedisServer.start(mkdir(dir.resolve("redis")));
    try {
      this.s3 = new S3Store(dir.resolve("s3"));
    } catch (Exception | Error e) {
      redis.close();
      throw e;
    }
    this.cluster = ClusterConfig.builder(redis.uri())
        .heartbeat(Duration.ofMillis(500), Duration.ofSeconds(3))
        .claimIdle(Duration.ofSeconds(3))
        .pendingTimeout(Duration.ofSeconds(20))
        .build();
  }

  private static Path mkdir(Path p) throws IOException {
    return java.nio.file.Files.createDirectories(p);
  }

  /** Uploads every 500 ms; parts of the default size (ClusterStreamingUploadTest rolls parts). */
  StorageConfig storage() {
    return s3.storage(prefix).uploadInterval(Duration.ofMillis(500)).build();
  }

  ClusterFront front() {
    ClusterFront f = ClusterFront.open(cluster, S3Store.BUCKET);
    closeables.add(f);
    return f;
  }

  /** A worker in this JVM with room for {@code capacityCpus} of recordings. */
  Worker worker(String id, double capacityCpus) throws IOException {
    return worker(id, capacityCpus, PartLauncher.inProcess(SYNTHETIC));
  }

  /** A worker in this JVM whose parts {@code recorders} launches. */
  Worker worker(String id, double capacityCpus, PartLauncher recorders) throws IOException {
    Worker w = Worker.start(workerConfig(id, capacityCpus), cluster, storage(), recorders);
    closeables.add(w);
    return w;
  }

  WorkerConfig workerConfig(String id, double capacityCpus) throws IOException {
    return WorkerConfig.builder(mkdir(dir.resolve("buffer-" + id))).id(id)
        .cpus(capacityCpus).maxCpuUtilization(1.0).drainTimeout(Duration.ofSeconds(20)).build();
  }

  /** A worker in a child JVM ({@link WorkerProcessMain}); kill it with {@code destroyForcibly}. */
  Process workerProcess(String id, double capacityCpus) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        WorkerProcessMain.class.getName(), redis.uri().toString(), s3.endpoint().toString(), prefix,
        mkdir(dir.resolve("buffer-" + id)).toString(), id, Double.toString(capacityCpus))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(id + ".log").toFile())
        .start();
    processes.add(p);
    return p;
  }

  /** Waits for a condition, failing with {@code what} after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  @Override
  public void close() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    s3.close();
    redis.close();
  }
}
