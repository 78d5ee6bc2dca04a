package dev.liverec.loopback;

import java.time.Duration;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitRtc.LeaveRequest;
import org.jspecify.annotations.Nullable;

/**
 * Faults a test injects into the double's default room, the way networks and SFU nodes fail:
 * dropped WebSockets, a signalling outage, a restarted node, closed or interrupted media,
 * {@code leave} requests and refused subscriptions. Got from {@link
 * LoopbackLiveKitServer#faults()}; each method takes effect at once, on the room's thread.
 */
public final class LoopbackFaults {
  private final Room room;
  private final SignalServer http;
  private final LoopbackOptions options;

  LoopbackFaults(Room room, SignalServer http, LoopbackOptions options) {
    this.room = room;
    this.http = http;
    this.options = options;
  }

  /**
   * Drops every client's signalling WebSocket in the default room without a close frame, as a
   * network blip would; media keeps flowing and each session can be resumed within the window.
   */
  public void cutWebSockets() {
    room.run(() -> room.participants().forEach(p -> {
      if (p.socket != null) {
        p.socket.cut();
      }
    }));
  }

  /**
   * Fault: signalling is down for {@code duration}: every client's WebSocket in the default room
   * drops and new ones are refused with HTTP 503 until it ends; media connections stay up as long
   * as their participants are kept (the resume window).
   */
  public void dropSignalling(Duration duration) {
    http.refuseFor(duration);
    cutWebSockets();
  }

  /**
   * Drops every client's WebSocket and media connection in the default room and forgets them, as
   * a restarted SFU node would: clients must rejoin.
   */
  public void cutConnections() {
    room.run(() -> room.participants().stream().filter(Participant::isClient)
        .forEach(p -> {
          SignalSocket s = p.socket;
          p.socket = null;
          if (s != null) {
            s.cut();
          }
          room.remove(p, DisconnectReason.MIGRATION);
        }));
  }

  /**
   * Fault: closes the server's side of a client's media connections; its signalling stays. A
   * resume is then refused with {@code leave} (RECONNECT), as livekit-server refuses a closed
   * participant, so the client must rejoin.
   */
  public void dropMedia(String identity) {
    room.run(() -> {
      Participant p = room.participant(identity);
      if (p != null) {
        p.mediaClosed = true;
        p.closeMedia();
      }
    });
  }

  /**
   * Fault: sends {@code leave} with {@code action} to a client of the default room. DISCONNECT and
   * RECONNECT also remove the participant (a RECONNECT client must rejoin); RESUME closes only
   * its socket, so the client can resume.
   */
  public void sendLeave(String identity, LeaveRequest.Action action) {
    room.run(() -> {
      Participant p = room.participant(identity);
      if (p == null) {
        return;
      }
      p.send(Room.leave(DisconnectReason.SERVER_SHUTDOWN, action));
      if (action == LeaveRequest.Action.RESUME) {
        SignalSocket s = p.socket;
        if (s != null) {
          s.close(1000, "leave: resume");
        }
      } else {
        room.remove(p, DisconnectReason.SERVER_SHUTDOWN);
      }
    });
  }

  /**
   * Fault: a network outage of a client's subscriber media path for {@code duration}: nothing
   * reaches its subscriber connection, either way, while its signalling stays up; afterwards
   * packets flow again and ICE recovers as it would on a real network.
   *
   * @throws IllegalStateException when the server runs without the media relay ({@code
   *     mediaRelay(false)}, or by default on a host address that is not loopback)
   * @throws IllegalArgumentException when the default room has no such subscribing client
   */
  public void interruptMedia(String identity, Duration duration) {
    if (!options.mediaRelay()) {
      throw new IllegalStateException(
          "interruptMedia needs the media relay, which this server runs without: start it with"
              + " mediaRelay(true)");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("an interruption must be positive, got " + duration);
    }
    boolean found = room.call(() -> {
      Participant p = room.participant(identity);
      if (p != null && p.subscriber != null) {
        p.subscriber.interruptMedia(duration);
      }
      return p != null && p.subscriber != null;
    });
    if (!found) {
      throw new IllegalArgumentException("no subscribing client " + identity + " in room "
          + room.name());
    }
  }

  /** Fault: subscriptions to this track sid (or, for null, to every track) are refused from now. */
  public void refuseSubscriptions(@Nullable String trackSid) {
    room.run(() -> room.tracks().refuse(trackSid));
  }
}
