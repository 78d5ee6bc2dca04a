package dev.liverec.livekit;

import dev.liverec.spi.SourceEvent;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import livekit.LivekitRtc;
import org.jspecify.annotations.Nullable;

/**
 * What the server says that changes no frame but explains missing media: video paused for
 * congestion ({@code stream_state_update}), a withdrawn permission ({@code
 * subscription_permission_update}), a subscription it could not serve ({@code
 * subscription_response}). Each is counted in {@link ConnectionCounters} and announced as a
 * notice; a paused video keeps the file's timeline (players hold the last picture).
 */
final class ServerNotices {
  private final ConnectionCounters counters;
  private final Predicate<String> wanted;
  private final Supplier<@Nullable String> recordedVideo;
  private final Consumer<SourceEvent> emit;

  ServerNotices(ConnectionCounters counters, Predicate<String> wanted,
      Supplier<@Nullable String> recordedVideo, Consumer<SourceEvent> emit) {
    this.counters = counters;
    this.wanted = wanted;
    this.recordedVideo = recordedVideo;
    this.emit = emit;
  }

  void streamStates(LivekitRtc.StreamStateUpdate update) {
    for (LivekitRtc.StreamStateInfo info : update.getStreamStatesList()) {
      if (!info.getTrackSid().equals(recordedVideo.get())) {
        continue;
      }
      if (info.getState() == LivekitRtc.StreamState.PAUSED) {
        counters.videoPauses.incrementAndGet();
        notice("LiveKit paused video " + info.getTrackSid() + " (congestion); the recording "
            + "keeps its timeline and holds the last picture");
      } else {
        notice("LiveKit resumed video " + info.getTrackSid());
      }
    }
  }

  void permission(LivekitRtc.SubscriptionPermissionUpdate update) {
    if (!update.getAllowed() && wanted.test(update.getTrackSid())) {
      counters.permissionDenials.incrementAndGet();
      notice("the publisher withdrew the permission to record track " + update.getTrackSid());
    }
  }

  void subscriptionFailed(LivekitRtc.SubscriptionResponse response) {
    counters.subscriptionErrors.incrementAndGet();
    notice("LiveKit could not subscribe track " + response.getTrackSid() + ": "
        + response.getErr());
  }

  private void notice(String message) {
    emit.accept(SourceEvent.notice(message));
  }
}
