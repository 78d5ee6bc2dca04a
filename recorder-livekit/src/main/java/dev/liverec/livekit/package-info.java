/**
 * Records a LiveKit room: {@link dev.liverec.livekit.LiveKitFrameSource} joins as a hidden,
 * subscribe-only participant over LiveKit's WebSocket signalling and real WebRTC media, picks the
 * publisher to record and hands its decoded video and audio to a recording session.
 */
@NullMarked
package dev.liverec.livekit;

import org.jspecify.annotations.NullMarked;
