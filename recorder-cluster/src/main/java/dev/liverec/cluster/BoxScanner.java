package dev.liverec.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Finds where the complete top-level MP4 boxes of a growing file end, so only whole boxes are
 * uploaded: a {@code moof} counts only together with the {@code mdat} after it. Whatever a dead
 * worker left in the store then ends on a fragment boundary and plays to its last fragment.
 */
final class BoxScanner {
  private final ByteBuffer header = ByteBuffer.allocate(16);

  /** The end of the last complete box (or moof+mdat pair) at or after {@code from}. */
  long completeEnd(FileChannel file, long from) throws IOException {
    long size = file.size();
    long pos = from;
    while (true) {
      long box = boxSize(file, pos, size);
      if (box <= 0) {
        return pos;
      }
      if ("moof".equals(type())) {
        long mdat = boxSize(file, pos + box, size);
        if (mdat <= 0 || !"mdat".equals(type())) {
          return pos;
        }
        box += mdat;
      }
      pos += box;
    }
  }

  private String type() {
    return new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
  }

  /** The size of the complete box at {@code pos}, or 0 when it is not (yet) complete. */
  private long boxSize(FileChannel file, long pos, long fileSize) throws IOException {
    if (pos + 8 > fileSize) {
      return 0;
    }
    header.clear().limit(16);
    int read = file.read(header, pos);
    if (read < 8) {
      return 0;
    }
    long box = Integer.toUnsignedLong(header.getInt(0));
    if (box == 1) {
      if (read < 16) {
        return 0;
      }
      box = header.getLong(8);
    }
    if (box < 8 || pos + box > fileSize) {
      return 0;
    }
    return box;
  }
}
