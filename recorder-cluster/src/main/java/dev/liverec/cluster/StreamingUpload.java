package dev.liverec.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams one growing fragmented MP4 file into one S3 object while it is recorded. While it is
 * recorded the file only grows at its end, so its bytes can leave as they come:
 *
 * <ul>
 *   <li>every {@link #pump()} (the upload interval) the new complete fragments go up as a small
 *       chunk object {@code <key>.chunks/<offset>}: the store is never more than an interval behind;
 *   <li>once the chunks add up to a part's size, those bytes go up again as the next part of the
 *       object's multipart upload, and their chunks are deleted;
 *   <li>{@link #finish()} uploads the rest as the last part and completes the object: the same
 *       bytes as the local file. A clean stop of the indexed layout rewrites the file's front (its
 *       index goes into space reserved there); when that front has already left in the first
 *       part, the first part goes up again (S3 replaces a part uploaded twice before the upload
 *       completes), so the object opens at once in a browser as the local file does.
 * </ul>
 *
 * <p>If the worker dies, {@link PartCompleter} completes the object from its parts and chunks.
 * Not thread-safe: one thread at a time calls it ({@link #uploadedBytes()} may be read from any).
 */
final class StreamingUpload {
  static final String CHUNKS = ".chunks/";

  private final ObjectStore store;
  private final String key;
  private final String uploadId;
  private final Path file;
  private final BoxScanner boxes = new BoxScanner();
  private final List<CompletedPart> parts = new ArrayList<>();
  private final List<String> chunkKeys = new ArrayList<>();
  /** Bytes in the store (parts and chunks); read by status reports from another thread. */
  private volatile long uploaded;
  /** Bytes in the multipart upload's parts. */
  private long inParts;
  /** Where the first part ends, and a checksum of its bytes, to see a rewritten front. */
  private long firstPartEnd = -1;
  private long firstPartCrc;
  private boolean done;

  private StreamingUpload(ObjectStore store, String key, String uploadId, Path file) {
    this.store = store;
    this.key = key;
    this.uploadId = uploadId;
    this.file = file;
  }

  static StreamingUpload begin(ObjectStore store, String key, Path file) {
    return new StreamingUpload(store, key, store.createUpload(key), file);
  }

  String key() {
    return key;
  }

  String uploadId() {
    return uploadId;
  }

  long uploadedBytes() {
    return uploaded;
  }

  static String chunkKey(String key, long offset) {
    return key + CHUNKS + String.format("%016d", offset);
  }

  /** Uploads the complete fragments written since the last call. */
  void pump() throws IOException {
    if (done || !Files.exists(file)) {
      return;
    }
    long end;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      end = boxes.completeEnd(ch, uploaded);
      if (end <= uploaded) {
        return;
      }
      String chunk = chunkKey(key, uploaded);
      store.put(chunk, read(ch, uploaded, end));
      chunkKeys.add(chunk);
      uploaded = end;
      if (uploaded - inParts >= store.config().partBytes()) {
        byte[] part = read(ch, inParts, uploaded);
        if (parts.isEmpty()) {
          firstPartEnd = uploaded;
          firstPartCrc = crc(part);
        }
        parts.add(store.uploadPart(key, uploadId, parts.size() + 1, part));
        inParts = uploaded;
        deleteChunks();
      }
    }
  }

  /**
   * Uploads the rest of the finished file and completes the object.
   *
   * @return the object's size; 0 when the recorder never wrote a byte (no object then)
   */
  long finish() throws IOException {
    if (done) {
      return uploaded;
    }
    done = true;
    long size = Files.exists(file) ? Files.size(file) : 0;
    if (size == 0) {
      store.abortUpload(key, uploadId);
      deleteChunks();
      return 0;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (firstPartEnd > 0) {
        byte[] first = read(ch, 0, firstPartEnd);
        if (crc(first) != firstPartCrc) {
          parts.set(0, store.uploadPart(key, uploadId, 1, first));
        }
      }
      if (size > inParts) {
        parts.add(store.uploadPart(key, uploadId, parts.size() + 1, read(ch, inParts, size)));
      }
    }
    store.completeUpload(key, uploadId, parts);
    uploaded = size;
    inParts = size;
    deleteChunks();
    return size;
  }

  /** Stops uploading without completing: what is in the store stays for a {@link PartCompleter}. */
  void abandon() {
    done = true;
  }

  private void deleteChunks() {
    for (String chunk : chunkKeys) {
      store.delete(chunk);
    }
    chunkKeys.clear();
  }

  private static long crc(byte[] bytes) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes);
    return crc.getValue();
  }

  private static byte[] read(FileChannel ch, long from, long to) throws IOException {
    long length = to - from;
    if (length > Integer.MAX_VALUE - 16) {
      throw new IOException("a part of " + length + " bytes is too large; lower the part size");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) length);
    long pos = from;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("the file ended at " + pos + " while " + to + " bytes were expected");
      }
      pos += n;
    }
    return buf.array();
  }
}
