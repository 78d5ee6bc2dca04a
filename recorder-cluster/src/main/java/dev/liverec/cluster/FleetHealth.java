package dev.liverec.cluster;

import java.util.List;

/**
 * The fleet at a glance ({@code GET /health}).
 *
 * @param workers every announced worker
 * @param activeRecordings recordings not yet STOPPED or FAILED
 * @param freeCpus largest free capacity of one live, non-draining worker
 */
public record FleetHealth(List<WorkerView> workers, int activeRecordings, double freeCpus) {
  public FleetHealth {
    workers = List.copyOf(workers);
  }

  public long liveWorkers() {
    return workers.stream().filter(WorkerView::alive).count();
  }
}
