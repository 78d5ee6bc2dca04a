package dev.liverec;

/** A session method was called in a state that does not allow it (stop before start, start twice). */
public final class IllegalSessionStateException extends LiverecException {
  private static final long serialVersionUID = 1L;
  private final RecordingState state;

  public IllegalSessionStateException(String action, RecordingState state) {
    super("cannot " + action + " a session that is " + state
        + (state == RecordingState.NEW ? ": call start() first" : ": open a new session instead"));
    this.state = state;
  }

  public RecordingState state() {
    return state;
  }
}
