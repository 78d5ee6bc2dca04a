/**
 * A LiveKit SFU double for tests and demos: {@link dev.liverec.loopback.LoopbackLiveKitServer}.
 */
@NullMarked
package dev.liverec.loopback;

import org.jspecify.annotations.NullMarked;
