package dev.liverec.loopback;

import dev.onvoid.webrtc.PeerConnectionFactory;
import java.time.Duration;
import livekit.LivekitModels.ServerInfo;

/**
 * What every room of one server shares: the two WebRTC stacks (subscribers are sent to from the
 * sending stack, publishers received on the receiving one), the token issuer for {@code
 * refresh_token}, livekit-server's timings, and whether subscribers are reached through a
 * {@link MediaPath}.
 */
record RoomSettings(
    PeerConnectionFactory sending,
    PeerConnectionFactory receiving,
    Tokens tokens,
    ServerInfo serverInfo,
    int pingIntervalSeconds,
    int pingTimeoutSeconds,
    Duration tokenRefreshInterval,
    Duration tokenTtl,
    Duration resumeWindow,
    boolean mediaRelay) {}
