/**
 * The one WebRTC glue layer of liverec's LiveKit code, shared by the recording client
 * ({@code dev.liverec.livekit}) and the loopback SFU double ({@code livekit-loopback}): the
 * process's receiving stack, offer/answer as futures, held remote ICE candidates, candidate JSON as
 * LiveKit carries it, and data-channel readers. Not part of liverec's API: it changes with
 * webrtc-java.
 */
@NullMarked
package dev.liverec.livekit.webrtc;

import org.jspecify.annotations.NullMarked;
