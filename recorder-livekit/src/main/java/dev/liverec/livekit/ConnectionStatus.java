package dev.liverec.livekit;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a {@link LiveKitFrameSource}'s connection, for status pages and tests. Cheap and
 * safe to take from any thread. WebRTC counters are summed over every media connection of the
 * source (a rejoin starts a new one) and refreshed every second; -1 means not known yet.
 *
 * @param state where the connection stands
 * @param participant identity of the participant being recorded, or null while there is none
 * @param connectTime start to joined room, or null before that
 * @param subscriptionTime start to the first decoded video frame, or null before that
 * @param reconnects connections restored after a drop (resumed or rejoined)
 * @param resumes of those, sessions resumed without a new media connection
 * @param reconnectAttempts attempts made, successful or not
 * @param disconnectedTotal time spent without a connection between drops and reconnects
 * @param tracksSubscribed tracks of the recorded participant subscribed to now
 * @param videoFramesReceived decoded frames handed to the recorder
 * @param audioChunksReceived PCM chunks handed to the recorder
 * @param videoWidth width of the last frame, 0 before the first
 * @param videoHeight height of the last frame, 0 before the first
 * @param audioSampleRate rate of the received PCM, 0 before the first chunk
 * @param audioChannels channels of the received PCM, 0 before the first chunk
 * @param audioDriftPpm how much slower than its sample count audio arrives (parts per million);
 *     the audio timestamps are corrected for it
 * @param audioClockOffsetMs the correction applied to the audio sample clock now, in ms
 * @param audioDelayCompensationMs how far audio times are moved back (negative: forward) to line up
 *     with video: audio's jitter-buffer delay minus video's jitter-buffer, decode and render
 *     delay (from WebRTC stats), in ms
 * @param packetsLost RTP packets lost, audio and video (WebRTC stats)
 * @param jitterMs largest RTP interarrival jitter of the two tracks, in ms (WebRTC stats)
 * @param framesDecoded video frames decoded (WebRTC stats)
 * @param framesDropped video frames dropped by the decoder (WebRTC stats)
 * @param dataMessages messages read (and dropped) from the server's data channels
 * @param dataBytes their bytes
 * @param videoPauses times the server paused the recorded video (congestion); the file keeps its
 *     timeline and holds the last picture meanwhile
 * @param subscriptionErrors subscriptions the server could not serve ({@code
 *     subscription_response} errors)
 * @param permissionDenials times the publisher withdrew our permission to a track
 * @param roomMoves times the server moved the room (each a rejoin)
 * @param failure why the source failed, or null while it has not
 */
public record ConnectionStatus(
    State state,
    @Nullable String participant,
    @Nullable Duration connectTime,
    @Nullable Duration subscriptionTime,
    long reconnects,
    long resumes,
    long reconnectAttempts,
    Duration disconnectedTotal,
    int tracksSubscribed,
    long videoFramesReceived,
    long audioChunksReceived,
    int videoWidth,
    int videoHeight,
    int audioSampleRate,
    int audioChannels,
    double audioDriftPpm,
    double audioClockOffsetMs,
    double audioDelayCompensationMs,
    long packetsLost,
    double jitterMs,
    long framesDecoded,
    long framesDropped,
    long dataMessages,
    long dataBytes,
    long videoPauses,
    long subscriptionErrors,
    long permissionDenials,
    long roomMoves,
    LiveKitConnectException.@Nullable Reason failure) {

  /** Where a source's connection stands. */
  public enum State {
    /** Not started, or joining. */
    CONNECTING,
    /** Joined; media flows once the participant publishes. */
    CONNECTED,
    /** Lost the connection; reconnecting with backoff while the recording goes on. */
    RECONNECTING,
    /** Gave up or was refused; the recording was told why. */
    FAILED,
    /** Closed. */
    CLOSED
  }
}
