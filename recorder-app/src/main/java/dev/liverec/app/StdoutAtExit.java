package dev.liverec.app;

/**
 * Ends the process's standard output once a command has printed all it prints. The JDK does not
 * really close descriptor 1: it points it at {@code /dev/null}. So whatever native code prints
 * while the process exits is discarded instead of trailing the command's output.
 *
 * <p>Why it is needed: webrtc-java (LiveKit's media) keeps its JNI class references in a
 * function-local static map. C++ runs that map's destructors at process exit, after the JVM has
 * shut down; each tries to attach its thread to the dead VM and prints {@code VM attach current
 * thread failed} and {@code Failed to attach thread N} to stdout. Merely loading the library is
 * enough; disposing the PeerConnectionFactory and the audio device module first does not change
 * it, nor does {@code Runtime.halt} ({@code StdoutAtExitTest} shows the message and its absence).
 */
final class StdoutAtExit {
  private StdoutAtExit() {}

  /** Flushes and closes {@link System#out}; call when nothing more is to be printed. */
  static void close() {
    System.out.flush();
    System.out.close();
  }
}
