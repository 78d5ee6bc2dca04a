package dev.liverec.app.server;

import dev.liverec.RecordingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs about once a second over the registry's running recordings: finishes those that ended by
 * themselves (end of stream, failure; a failure is remembered for {@code /health}), and samples
 * the others, logging once when one starts or stops falling behind its source.
 */
final class SessionWatch {
  private static final Logger log = LoggerFactory.getLogger(SessionWatch.class);

  private final RecordingRegistry registry;

  SessionWatch(RecordingRegistry registry) {
    this.registry = registry;
  }

  void tick() {
    long now = System.nanoTime();
    for (Recording r : registry.live()) {
      if (r.endedByItself()) {
        RecordingResult result = registry.stop(r.id());
        if (result.failureReason() != null) {
          registry.failed(r.id() + ": " + result.failureReason());
        }
        log.info("[{}] ended by itself: {}", r.id(), result.state());
        continue;
      }
      if (r.check().sample(r.status().stats(), now)) {
        String reason = r.check().degradedReason();
        if (reason != null) {
          log.warn("[{}] degraded: {}", r.id(), reason);
        } else {
          log.info("[{}] keeps up with its source again", r.id());
        }
      }
    }
  }
}
