package dev.liverec.app.server;

import java.time.Duration;

/** Waits, bounded, for a condition the tests of a fleet poll through its API. */
final class Await {
  private Await() {}

  /** A condition; it may call the API (and so throw). */
  interface Check {
    boolean holds() throws Exception;
  }

  /** Polls {@code check} every 200 ms until it holds; fails naming {@code what} after the wait. */
  static void until(Duration wait, String what, Check check) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + wait.toSeconds() + " s waiting for: " + what);
      }
      Thread.sleep(200);
    }
  }
}
