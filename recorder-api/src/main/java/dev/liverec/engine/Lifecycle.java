package dev.liverec.engine;

import dev.liverec.RecordingState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A session's state and the one table of moves it may make. Every thread changes the state only
 * through {@link #move}, so no path can, say, turn STOPPED into FAILED or start a stopped
 * session: a move the table does not hold simply does not happen.
 *
 * <pre>
 * NEW       -> STARTING, STOPPED (closed before start)
 * STARTING  -> RECORDING, STOPPING (stop during start), STOPPED (ended during start), FAILED
 * RECORDING -> STOPPING, STOPPED (the stream ended by itself), FAILED
 * STOPPING  -> STOPPED, FAILED
 * STOPPED, FAILED: final
 * </pre>
 */
public final class Lifecycle {
  private static final Map<RecordingState, Set<RecordingState>> MOVES =
      new EnumMap<>(RecordingState.class);

  static {
    MOVES.put(RecordingState.NEW, EnumSet.of(RecordingState.STARTING, RecordingState.STOPPED));
    MOVES.put(RecordingState.STARTING, EnumSet.of(RecordingState.RECORDING,
        RecordingState.STOPPING, RecordingState.STOPPED, RecordingState.FAILED));
    MOVES.put(RecordingState.RECORDING,
        EnumSet.of(RecordingState.STOPPING, RecordingState.STOPPED, RecordingState.FAILED));
    MOVES.put(RecordingState.STOPPING, EnumSet.of(RecordingState.STOPPED, RecordingState.FAILED));
    MOVES.put(RecordingState.STOPPED, EnumSet.noneOf(RecordingState.class));
    MOVES.put(RecordingState.FAILED, EnumSet.noneOf(RecordingState.class));
  }

  private final AtomicReference<RecordingState> state = new AtomicReference<>(RecordingState.NEW);

  /** Whether the table allows {@code from -> to}. */
  public static boolean allowed(RecordingState from, RecordingState to) {
    return MOVES.get(from).contains(to);
  }

  public RecordingState state() {
    return state.get();
  }

  /**
   * Moves from whatever the state is now to {@code to}, if the table allows it from there.
   *
   * @return the state it moved from, or null if the move is not allowed from the current state
   */
  public @Nullable RecordingState move(RecordingState to) {
    while (true) {
      RecordingState now = state.get();
      if (!allowed(now, to)) {
        return null;
      }
      if (state.compareAndSet(now, to)) {
        return now;
      }
    }
  }

  /** Moves {@code from -> to} only if the state is {@code from} now (and the table allows it). */
  public boolean move(RecordingState from, RecordingState to) {
    return allowed(from, to) && state.compareAndSet(from, to);
  }
}
