package dev.liverec.cluster;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A worker as it announced itself.
 *
 * @param capacityCpus CPUs it may fill ({@code cpus x maxCpuUtilization})
 * @param usedCpus the costs of the recordings it runs
 * @param alive its heartbeat has not expired
 */
public record WorkerView(
    String id,
    double capacityCpus,
    double usedCpus,
    int recordings,
    boolean draining,
    boolean alive,
    @Nullable Instant lastHeartbeat) {}
