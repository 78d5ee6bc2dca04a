/**
 * A loopback LiveKit server: a test double for the LiveKit SFU that speaks the subset of LiveKit
 * signalling a subscriber needs over a real WebSocket on 127.0.0.1 and publishes a synthetic stream
 * through a real WebRTC peer connection. Needs the optional dependencies of recorder-testkit
 * (livekit-server, okhttp-jvm, mockwebserver3, java-jwt, webrtc-java) on the classpath.
 */
@NullMarked
package dev.liverec.testkit.livekit;

import org.jspecify.annotations.NullMarked;
