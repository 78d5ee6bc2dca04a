package dev.liverec.livekit;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * WebRTC's receive counters, summed over every media connection a source had, and the playout
 * delays that place audio on the video's clock.
 *
 * <p>Video frames carry their render time: packet arrival + time in the jitter buffer + decode
 * time + WebRTC's fixed render delay. Audio is stamped when the audio device pulls it: packet
 * arrival + time in the jitter buffer. Both tracks travel the same path, so audio lines up with
 * video when it is moved by {@link #audioShiftUs()} = audio buffer - (video buffer + decode +
 * render delay), each the mean over the last stats interval. The shift is negative when video
 * waits longer than audio.
 */
final class ReceiveStats {
  /** WebRTC's default render delay, added to every video frame's render time. */
  static final long VIDEO_RENDER_DELAY_US = 10_000;

  private static final int AUDIO = 0;
  private static final int VIDEO = 1;

  private long lostBase;
  private long decodedBase;
  private long droppedBase;
  private volatile long lost = -1;
  private volatile long decoded = -1;
  private volatile long dropped = -1;
  private volatile double jitterMs = -1;
  private final Interval[] buffer = {new Interval(), new Interval()};
  private final Interval decode = new Interval();

  /** Takes a stats report of the current media connection. */
  synchronized void update(RTCStatsReport report) {
    long l = 0;
    long d = 0;
    long dr = 0;
    double j = 0;
    for (RTCStats stats : report.getStats().values()) {
      if (stats.getType() != RTCStatsType.INBOUND_RTP) {
        continue;
      }
      Map<String, Object> a = stats.getAttributes();
      int kind = "audio".equals(a.get("kind")) ? AUDIO : VIDEO;
      buffer[kind].take(a.get("jitterBufferDelay"), a.get("jitterBufferEmittedCount"));
      if (kind == VIDEO) {
        decode.take(a.get("totalDecodeTime"), a.get("framesDecoded"));
      }
      l += number(a.get("packetsLost"));
      d += number(a.get("framesDecoded"));
      dr += number(a.get("framesDropped"));
      if (a.get("jitter") instanceof Number n) {
        j = Math.max(j, n.doubleValue() * 1000);
      }
    }
    lost = lostBase + l;
    decoded = decodedBase + d;
    dropped = droppedBase + dr;
    jitterMs = j;
  }

  /**
   * How far audio capture times must move back (positive) or forward (negative) to line up with
   * the video's render times, in microseconds; 0 until both tracks have reported.
   */
  synchronized long audioShiftUs() {
    if (!buffer[AUDIO].known() || !buffer[VIDEO].known()) {
      return 0;
    }
    return buffer[AUDIO].meanUs - (buffer[VIDEO].meanUs + decode.meanUs + VIDEO_RENDER_DELAY_US);
  }

  /** The current connection ends: keep its counts, start the intervals afresh. */
  synchronized void retire() {
    buffer[AUDIO].restart();
    buffer[VIDEO].restart();
    decode.restart();
    lostBase = Math.max(lostBase, lost);
    decodedBase = Math.max(decodedBase, decoded);
    droppedBase = Math.max(droppedBase, dropped);
  }

  long packetsLost() {
    return lost;
  }

  long framesDecoded() {
    return decoded;
  }

  long framesDropped() {
    return dropped;
  }

  double jitterMs() {
    return jitterMs;
  }

  private static long number(@Nullable Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  /** The mean of a cumulative total (seconds) per cumulative count over the last interval. */
  private static final class Interval {
    private double lastTotalSeconds;
    private long lastCount;
    private long meanUs = -1;

    void take(@Nullable Object totalSeconds, @Nullable Object count) {
      if (!(totalSeconds instanceof Number t) || !(count instanceof Number c)) {
        return;
      }
      double total = t.doubleValue() - lastTotalSeconds;
      long n = c.longValue() - lastCount;
      if (n > 0 && total >= 0) {
        meanUs = Math.round(total / n * 1e6);
      }
      lastTotalSeconds = t.doubleValue();
      lastCount = c.longValue();
    }

    boolean known() {
      return meanUs >= 0;
    }

    void restart() {
      lastTotalSeconds = 0;
      lastCount = 0;
    }
  }
}
