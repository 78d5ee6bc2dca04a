package dev.liverec.livekit.webrtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The offer/answer steps of a peer connection as futures. WebRTC completes them on its signalling
 * thread; a caller that must not block chains on them, one that may block uses {@link #await}.
 * Failures complete the future with an {@link IllegalStateException} naming the step.
 */
public final class Negotiation {
  private Negotiation() {}

  /** Creates an offer (restarting ICE when asked) and applies it as the local description. */
  public static CompletableFuture<RTCSessionDescription> offer(
      RTCPeerConnection connection, boolean iceRestart) {
    RTCOfferOptions options = new RTCOfferOptions();
    options.iceRestart = iceRestart;
    CompletableFuture<RTCSessionDescription> created = new CompletableFuture<>();
    connection.createOffer(options, new Created(created, "creating an offer"));
    return created.thenCompose(offer -> setLocal(connection, offer).thenApply(done -> offer));
  }

  /** Applies the remote offer, creates the answer and applies it as the local description. */
  public static CompletableFuture<RTCSessionDescription> answer(
      RTCPeerConnection connection, String offerSdp) {
    return setRemote(connection, new RTCSessionDescription(RTCSdpType.OFFER, offerSdp))
        .thenCompose(done -> {
          CompletableFuture<RTCSessionDescription> created = new CompletableFuture<>();
          connection.createAnswer(new RTCAnswerOptions(), new Created(created, "creating the answer"));
          return created;
        })
        .thenCompose(answer -> setLocal(connection, answer).thenApply(done -> answer));
  }

  /** Applies the remote side's answer to our offer. */
  public static CompletableFuture<Void> applyAnswer(RTCPeerConnection connection, String sdp) {
    return setRemote(connection, new RTCSessionDescription(RTCSdpType.ANSWER, sdp));
  }

  private static CompletableFuture<Void> setLocal(
      RTCPeerConnection connection, RTCSessionDescription description) {
    CompletableFuture<Void> set = new CompletableFuture<>();
    connection.setLocalDescription(description, new Applied(set, "applying our " + kind(description)));
    return set;
  }

  private static CompletableFuture<Void> setRemote(
      RTCPeerConnection connection, RTCSessionDescription description) {
    CompletableFuture<Void> set = new CompletableFuture<>();
    connection.setRemoteDescription(description,
        new Applied(set, "applying the remote " + kind(description)));
    return set;
  }

  private static String kind(RTCSessionDescription description) {
    return description.sdpType == RTCSdpType.OFFER ? "offer" : "answer";
  }

  /**
   * Waits for {@code future} at most {@code timeout}.
   *
   * @throws IllegalStateException when it fails, times out or the wait is interrupted; the
   *     message names {@code what}
   */
  public static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " took longer than " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(what + " failed: " + cause.getMessage(), cause);
    }
  }

  private record Created(CompletableFuture<RTCSessionDescription> done, String step)
      implements CreateSessionDescriptionObserver {
    @Override
    public void onSuccess(RTCSessionDescription description) {
      done.complete(description);
    }

    @Override
    public void onFailure(String error) {
      done.completeExceptionally(new IllegalStateException(step + " failed: " + error));
    }
  }

  private record Applied(CompletableFuture<Void> done, String step)
      implements SetSessionDescriptionObserver {
    @Override
    public void onSuccess() {
      done.complete(null);
    }

    @Override
    public void onFailure(String error) {
      done.completeExceptionally(new IllegalStateException(step + " failed: " + error));
    }
  }
}
