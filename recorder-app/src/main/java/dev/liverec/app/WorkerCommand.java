package dev.liverec.app;

import dev.liverec.cluster.ClusterConfig;
import dev.liverec.cluster.PartLauncher;
import dev.liverec.cluster.SourceFactory;
import dev.liverec.cluster.StorageConfig;
import dev.liverec.cluster.StorageProbe;
import dev.liverec.cluster.Worker;
import dev.liverec.cluster.WorkerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liverec worker}: a recording worker of a fleet. Takes starts from Redis while it has
 * room, records each part in a child process of its own ({@code --isolation process}, the
 * default) or in this JVM, streams each recording to S3 as it grows, and on SIGTERM drains: it
 * takes nothing new and hands each recording to another worker (or ends it, its object complete)
 * within the drain time, then exits with 0.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
        "Record for a fleet: take starts queued in Redis by `serve --cluster` fronts while this "
            + "machine has CPU to spare, stream each recording to S3 as it grows.",
        "SIGTERM drains: no new work, recordings handed over or ended with complete objects "
            + "within --drain-timeout."})
final class WorkerCommand implements Callable<Integer> {
  /** How long the start-up check waits for the object store. */
  private static final Duration STORE_CHECK_WAIT = Duration.ofSeconds(10);

  @Spec CommandSpec spec;

  @Mixin ClusterOptions cluster;

  @Mixin S3Options storage;

  @Option(names = "--id", description = "This worker's name in the fleet (default: host, pid "
      + "and a random suffix).")
  @Nullable String id;

  @Option(names = "--cpus", defaultValue = "0",
      description = "CPUs recordings may use (default: this machine's).")
  double cpus;

  @Option(names = "--max-cpu-utilization", defaultValue = "0.8",
      description = "Share of --cpus recordings may fill, as LiveKit Egress's "
          + "max_cpu_utilization (default ${DEFAULT-VALUE}).")
  double maxCpuUtilization;

  @Option(names = "--buffer", defaultValue = "worker-buffer",
      description = "Local folder recordings are written to before upload (default "
          + "${DEFAULT-VALUE}); cleaned after upload.")
  Path buffer;

  @Option(names = "--max-buffer-mb", defaultValue = "10240",
      description = "While the buffer holds more, no new recording is taken (default "
          + "${DEFAULT-VALUE} MB).")
  long maxBufferMb;

  @Option(names = "--drain-timeout", defaultValue = "30s",
      description = "On SIGTERM, longest time to hand over or end the recordings (default "
          + "${DEFAULT-VALUE}); the process exits within this plus about 15 s.")
  Duration drainTimeout;

  @Mixin SourceOptions sources;

  @Option(names = "--isolation", defaultValue = "process",
      description = "Where each recording part runs: process (a child JVM of its own, ended with "
          + "its part: a crash or leak in one recording cannot touch the others; about 110 MB "
          + "of memory a recording at 640x360, 130-200 MB at 1280x720) or none (all in this JVM, "
          + "15-37 MB a recording at 640x360) (default ${DEFAULT-VALUE}).")
  Isolation isolation;

  /** Where recording parts run. */
  enum Isolation { process, none }

  @Override
  public Integer call() throws Exception {
    Worker worker = open();
    CountDownLatch done = new CountDownLatch(1);
    AtomicBoolean leaving = new AtomicBoolean();
    Runnable leave = () -> {
      if (leaving.compareAndSet(false, true)) {
        try {
          worker.close();
        } finally {
          done.countDown();
        }
      } else {
        awaitQuietly(done);
      }
    };
    // SIGTERM drains and the command then ends as any other, exit code 0 (the JVM's own SIGTERM
    // handling would exit with 143); other endings (SIGINT, SIGHUP) drain in the shutdown hook.
    sun.misc.Signal.handle(new sun.misc.Signal("TERM"),
        signal -> new Thread(leave, "liverec-worker-drain").start());
    Runtime.getRuntime().addShutdownHook(new Thread(leave, "liverec-worker-exit"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("liverec worker %s joined the fleet at %s (%s, storage %s)%n", worker.id(),
        cluster.redis, worker, storage.storage);
    out.println("Stop with SIGTERM: it drains within " + drainTimeout.toSeconds() + " s.");
    out.flush();
    done.await();
    return ExitCode.OK;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Checks the options and joins the fleet; what {@link #call()} runs before it waits. */
  Worker open() {
    ClusterConfig clusterConfig = cluster.config(spec);
    StorageConfig storageConfig = storage.config(spec);
    WorkerConfig config = workerConfig();
    PartLauncher recorders = recorders(config);
    // the store's refusal (credentials, bucket, endpoint) stops the worker now, exit code 3
    StorageProbe.check(storageConfig, STORE_CHECK_WAIT);
    return cluster.connect(() -> Worker.start(config, clusterConfig, storageConfig, recorders));
  }

  private WorkerConfig workerConfig() {
    try {
      WorkerConfig.Builder b = WorkerConfig.builder(buffer)
          .maxCpuUtilization(maxCpuUtilization)
          .maxBufferBytes(maxBufferMb * 1024 * 1024)
          .drainTimeout(drainTimeout);
      if (cpus > 0) {
        b.cpus(cpus);
      }
      if (id != null) {
        b.id(id);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** What records each part: a child process per part, or a session in this JVM. */
  private PartLauncher recorders(WorkerConfig config) {
    SourceFactory frames = sources.partFactory(spec); // checks the source options at start-up
    return switch (isolation) {
      case none -> PartLauncher.inProcess(frames);
      case process -> ChildPartLauncher.create(sources, config.bufferDir());
    };
  }
}
