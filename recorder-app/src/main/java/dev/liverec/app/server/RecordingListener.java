package dev.liverec.app.server;

import dev.liverec.RecordingResult;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Told what happens to the registry's recordings: the seam for {@code /metrics} (a recording's
 * series are forgotten with it) and webhooks. Every method is called on the thread that made it
 * happen, sometimes under the registry's lock, so it must return at once (hand work to another
 * thread) and must not throw.
 */
interface RecordingListener {
  /** Hears nothing. */
  RecordingListener NONE = new RecordingListener() {};

  /** A recording started and its file holds data. */
  default void started(RecordingRegistry.View view) {}

  /**
   * A recording finished: stopped, ended by itself, or could not start.
   *
   * @param result how it ended, or null when the session left none
   */
  default void ended(RecordingRegistry.View view, @Nullable RecordingResult result) {}

  /** A finished recording was dropped from the registry; its status is gone. */
  default void forgotten(MintId id) {}

  /** All of these, in order. */
  static RecordingListener all(List<RecordingListener> listeners) {
    List<RecordingListener> copy = List.copyOf(listeners);
    return new RecordingListener() {
      @Override
      public void started(RecordingRegistry.View view) {
        copy.forEach(l -> l.started(view));
      }

      @Override
      public void ended(RecordingRegistry.View view, @Nullable RecordingResult result) {
        copy.forEach(l -> l.ended(view, result));
      }

      @Override
      public void forgotten(MintId id) {
        copy.forEach(l -> l.forgotten(id));
      }
    };
  }
}
