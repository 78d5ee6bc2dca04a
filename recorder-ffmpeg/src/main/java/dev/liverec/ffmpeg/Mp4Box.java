package dev.liverec.ffmpeg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One ISO BMFF box: its four-letter type, where it starts in the file and how long it is, header
 * included. Reads the top-level boxes of a file, and the children of a box already in memory.
 */
record Mp4Box(String type, long offset, long size, int headerSize) {

  /** The top-level boxes of {@code file}, in order; stops at a truncated or malformed box. */
  static List<Mp4Box> topLevel(FileChannel file) throws IOException {
    List<Mp4Box> boxes = new ArrayList<>();
    long end = file.size();
    long at = 0;
    ByteBuffer header = ByteBuffer.allocate(16);
    while (at + 8 <= end) {
      header.clear();
      file.read(header, at);
      header.flip();
      if (header.remaining() < 8) {
        break;
      }
      long size = Integer.toUnsignedLong(header.getInt(0));
      String type = fourCc(header, 4);
      int headerSize = 8;
      if (size == 1 && header.remaining() >= 16) {
        size = header.getLong(8);
        headerSize = 16;
      } else if (size == 0) {
        size = end - at;
      }
      if (size < headerSize || at + size > end) {
        break;
      }
      boxes.add(new Mp4Box(type, at, size, headerSize));
      at += size;
    }
    return boxes;
  }

  /** The children of a box whose bytes (header included) are {@code box}, from {@code start}. */
  static List<Mp4Box> children(ByteBuffer box, int start) {
    List<Mp4Box> boxes = new ArrayList<>();
    int at = start;
    while (at + 8 <= box.limit()) {
      long size = Integer.toUnsignedLong(box.getInt(at));
      if (size < 8 || at + size > box.limit()) {
        break;
      }
      boxes.add(new Mp4Box(fourCc(box, at + 4), at, size, 8));
      at += (int) size;
    }
    return boxes;
  }

  /** The first child of type {@code type} among {@code boxes}, or null. */
  static @Nullable Mp4Box find(List<Mp4Box> boxes, String type) {
    for (Mp4Box b : boxes) {
      if (b.type.equals(type)) {
        return b;
      }
    }
    return null;
  }

  /** The bytes of this box, header included. */
  ByteBuffer read(FileChannel file) throws IOException {
    if (size > Integer.MAX_VALUE) {
      throw new IOException(type + " box of " + size + " bytes is too large to read");
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) size);
    while (bytes.hasRemaining()) {
      if (file.read(bytes, offset + bytes.position()) < 0) {
        throw new IOException("file ends inside the " + type + " box at " + offset);
      }
    }
    return bytes.flip();
  }

  /** Where this box's payload starts, relative to the box. */
  int payload() {
    return headerSize;
  }

  /** Where this box ends, as an offset in the same frame as {@link #offset()}. */
  long end() {
    return offset + size;
  }

  /** The four-letter code at {@code at}. */
  static String fourCc(ByteBuffer b, int at) {
    byte[] code = new byte[4];
    for (int i = 0; i < 4; i++) {
      code[i] = b.get(at + i);
    }
    return new String(code, StandardCharsets.ISO_8859_1);
  }
}
