package dev.liverec.livekit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What a LiveKit source counts about its connection, readable from any thread for {@link
 * ConnectionStatus}: when it connected, reconnects and how, time without a connection, and what
 * the server said that changes no frame but explains missing media (paused streams, refused or
 * failed subscriptions, room moves, data-channel traffic read and dropped).
 */
final class ConnectionCounters {
  private final long startNanos = System.nanoTime();
  volatile ConnectionStatus.State state = ConnectionStatus.State.CONNECTING;
  volatile @Nullable Duration connectTime;
  volatile LiveKitConnectException.@Nullable Reason failure;
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong resumes = new AtomicLong();
  private final AtomicLong attempts = new AtomicLong();
  final AtomicLong videoPauses = new AtomicLong();
  final AtomicLong subscriptionErrors = new AtomicLong();
  final AtomicLong permissionDenials = new AtomicLong();
  final AtomicLong roomMoves = new AtomicLong();
  private final AtomicLong retiredDataMessages = new AtomicLong();
  private final AtomicLong retiredDataBytes = new AtomicLong();
  private volatile long disconnectedSinceNanos;
  private volatile long disconnectedTotalNanos;

  long startNanos() {
    return startNanos;
  }

  void connected() {
    if (connectTime == null) {
      connectTime = Duration.ofNanos(System.nanoTime() - startNanos);
    }
    state = ConnectionStatus.State.CONNECTED;
  }

  void disconnected() {
    state = ConnectionStatus.State.RECONNECTING;
    if (disconnectedSinceNanos == 0) {
      disconnectedSinceNanos = System.nanoTime();
    }
  }

  void attempt() {
    attempts.incrementAndGet();
  }

  void reconnected(boolean resumed) {
    reconnects.incrementAndGet();
    if (resumed) {
      resumes.incrementAndGet();
    }
    endDisconnectedStretch();
    state = ConnectionStatus.State.CONNECTED;
  }

  void endDisconnectedStretch() {
    long since = disconnectedSinceNanos;
    if (since != 0) {
      disconnectedTotalNanos += System.nanoTime() - since;
      disconnectedSinceNanos = 0;
    }
  }

  /** A media connection is closed: keep what its data channels carried. */
  void retireData(long messages, long bytes) {
    retiredDataMessages.addAndGet(messages);
    retiredDataBytes.addAndGet(bytes);
  }

  long reconnects() {
    return reconnects.get();
  }

  long resumes() {
    return resumes.get();
  }

  long attempts() {
    return attempts.get();
  }

  long dataMessages(long live) {
    return retiredDataMessages.get() + live;
  }

  long dataBytes(long live) {
    return retiredDataBytes.get() + live;
  }

  Duration disconnectedTotal() {
    long total = disconnectedTotalNanos;
    long since = disconnectedSinceNanos;
    if (since != 0) {
      total += System.nanoTime() - since;
    }
    return Duration.ofNanos(total);
  }
}
