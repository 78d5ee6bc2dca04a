package dev.liverec.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's reports, each heartbeat: every recording's status in one pipelined exchange
 * ({@link WorkerLedger#reportAll}), then what the answers ask for: a stop ends the part, a
 * recording moved off this worker (its heartbeat had expired) is abandoned, a part whose
 * recorder ended by itself goes to {@link PartEndings}.
 */
final class WorkerReports {
  private static final Logger log = LoggerFactory.getLogger(WorkerReports.class);

  private final String workerId;
  private final WorkerLedger ledger;
  private final WorkerLoad load;
  private final PartEndings endings;
  private final ExecutorService work;

  WorkerReports(String workerId, WorkerLedger ledger, WorkerLoad load, PartEndings endings,
      ExecutorService work) {
    this.workerId = workerId;
    this.ledger = ledger;
    this.load = load;
    this.endings = endings;
    this.work = work;
  }

  /** One heartbeat's reports. */
  void send() {
    List<WorkerRecording> recording = new ArrayList<>();
    for (WorkerRecording rec : load.recordings()) {
      if (rec.endedByItself()) {
        endings.endedByItself(rec);
      } else {
        recording.add(rec);
      }
    }
    List<WorkerLedger.Report> outcomes = ledger.reportAll(recording.stream()
        .map(rec -> new WorkerLedger.PartReport(rec.spec().mintId(), rec.part(), rec.reportFields()))
        .toList());
    for (int i = 0; i < outcomes.size(); i++) {
      WorkerRecording rec = recording.get(i);
      if (outcomes.get(i) == WorkerLedger.Report.STOP) {
        endings.endAsync(rec);
      } else if (outcomes.get(i) == WorkerLedger.Report.LOST && load.remove(rec)) {
        log.warn("[{}] part {} was moved off {} (its heartbeat had expired): abandoning it",
            rec.spec().mintId(), rec.part(), workerId);
        work.execute(rec::abandon);
      }
    }
  }
}
