package dev.liverec.app;

import dev.liverec.app.server.LiveKitSourceFactory;
import dev.liverec.app.server.MintId;
import dev.liverec.app.server.SyntheticSourceFactory;
import dev.liverec.cluster.ClusterConfig;
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
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liverec worker}: a recording worker of a fleet. Takes starts from Redis while it has
 * room, streams each recording to S3 as it grows, and on SIGTERM drains: it takes nothing new and
 * hands each recording to another worker (or ends it, its object complete) within the drain time.
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

  @Option(names = "--source", defaultValue = "synthetic",
      description = "Where frames come from: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); "
          + "synthetic records a test pattern of the size the front asked for.")
  ServeCommand.SourceKind source;

  @ArgGroup(exclusive = false, heading = "LiveKit (--source livekit):%n")
  @Nullable LiveKitOptions livekit;

  @Override
  public Integer call() throws Exception {
    Worker worker = open();
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        worker.close();
      } finally {
        done.countDown();
      }
    }, "liverec-worker-drain"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("liverec worker %s joined the fleet at %s (%s, storage %s)%n", worker.id(),
        cluster.redis, worker, storage.storage);
    out.println("Stop with SIGTERM: it drains within " + drainTimeout.toSeconds() + " s.");
    out.flush();
    done.await();
    return ExitCode.OK;
  }

  /** Checks the options and joins the fleet; what {@link #call()} runs before it waits. */
  Worker open() {
    ClusterConfig clusterConfig = cluster.config(spec);
    StorageConfig storageConfig = storage.config(spec);
    WorkerConfig config = workerConfig();
    SourceFactory sources = sources();
    // the store's refusal (credentials, bucket, endpoint) stops the worker now, exit code 3
    StorageProbe.check(storageConfig, STORE_CHECK_WAIT);
    return cluster.connect(() -> Worker.start(config, clusterConfig, storageConfig, sources));
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

  /** A source per recording part: the test pattern at the asked size, or the LiveKit room. */
  private SourceFactory sources() {
    return switch (source) {
      case synthetic -> (recording, part) -> SyntheticSourceFactory
          .endless(recording.width(), recording.height(), recording.frameRate())
          .create(MintId.parse(recording.mintId()));
      case livekit -> {
        LiveKitSourceFactory rooms = LiveKitOptions.rooms(spec, livekit);
        yield (recording, part) -> rooms.create(MintId.parse(recording.mintId()));
      }
      case url -> throw new ParameterException(spec.commandLine(), "--source url is for "
          + "`liverec serve` on one machine for now; a worker records synthetic or livekit");
    };
  }
}
