package dev.liverec.ffmpeg;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;

/**
 * Native views of direct buffers, cached by identity so that pooled frames (whose buffers come
 * back again and again) need no new pointer object per frame. Bounded: past {@value #MAX_ENTRIES}
 * buffers the cache starts over, so it never keeps dropped buffers alive for long. Session thread
 * only.
 */
final class NativePlanes {
  private static final int MAX_ENTRIES = 64;
  private final Map<ByteBuffer, BytePointer> cache = new IdentityHashMap<>();

  /** A pointer to {@code buffer}'s current position. */
  BytePointer pointer(ByteBuffer buffer) {
    if (buffer.position() != 0) {
      return new BytePointer(buffer);
    }
    BytePointer pointer = cache.get(buffer);
    if (pointer == null) {
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
      pointer = new BytePointer(buffer);
      cache.put(buffer, pointer);
    }
    return pointer;
  }

  void clear() {
    cache.clear();
  }
}
