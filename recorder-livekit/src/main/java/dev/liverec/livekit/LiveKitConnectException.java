package dev.liverec.livekit;

import dev.liverec.LiverecException;
import org.jspecify.annotations.Nullable;

/**
 * A LiveKit recording could not join, or lost its room for good. It reaches the recording as the
 * cause of the source's failure event, within the configured timeouts and retry budget, never
 * after a hang; {@link #reason()} tells a program what went wrong and the message tells a person
 * what to do about it. Messages never contain tokens or secrets.
 */
public final class LiveKitConnectException extends LiverecException {
  private static final long serialVersionUID = 1L;

  /** Why the connection failed. */
  public enum Reason {
    /** The server rejected the token (HTTP 401/403): wrong key or secret, expired, no grant. */
    UNAUTHORIZED,
    /** The server does not know the room (HTTP 404) and will not create it. */
    ROOM_NOT_FOUND,
    /** Nothing answered at the URL: wrong host or port, server down, network blocked. */
    SERVER_UNREACHABLE,
    /** The server answered but did not complete the join in time. */
    TIMEOUT,
    /** Joined, but no participant to record appeared within the participant wait timeout. */
    NO_PARTICIPANT,
    /** The server refused or ended the join for another reason (it said why). */
    REJECTED,
    /** The server sent something this client does not understand. */
    PROTOCOL_ERROR,
    /** The connection dropped while recording and every resume and rejoin attempt failed. */
    CONNECTION_LOST
  }

  private final Reason reason;

  public LiveKitConnectException(Reason reason, String message) {
    this(reason, message, null);
  }

  public LiveKitConnectException(Reason reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The kind of failure, for programs that react to it. */
  public Reason reason() {
    return reason;
  }
}
