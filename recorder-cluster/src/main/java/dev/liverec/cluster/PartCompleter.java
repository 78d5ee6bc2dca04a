package dev.liverec.cluster;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Completes the object of a part whose worker died: the multipart parts it uploaded, then its
 * chunks from there on (contiguous, each ending on a fragment boundary) as the last part. The
 * object then plays up to the last fragment the worker uploaded. Safe to run twice.
 */
final class PartCompleter {
  private final ObjectStore store;

  PartCompleter(ObjectStore store) {
    this.store = store;
  }

  /**
   * @return the completed object's size, 0 when the worker had uploaded nothing (no object)
   */
  long complete(String key, String uploadId) {
    long existing = store.size(key);
    if (existing >= 0) {
      deleteChunks(key);
      return existing;
    }
    List<Part> uploadedParts = store.listParts(key, uploadId);
    List<CompletedPart> parts = new ArrayList<>();
    long offset = 0;
    for (Part p : uploadedParts) {
      parts.add(CompletedPart.builder().partNumber(p.partNumber()).eTag(p.eTag()).build());
      offset += p.size();
    }
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    for (S3Object chunk : chunks(key)) {
      long chunkOffset = Long.parseLong(chunk.key().substring(chunk.key().lastIndexOf('/') + 1));
      if (chunkOffset < offset) {
        continue;
      }
      if (chunkOffset != offset) {
        break;
      }
      byte[] bytes = store.get(chunk.key());
      tail.writeBytes(bytes);
      offset += bytes.length;
    }
    if (tail.size() > 0) {
      parts.add(store.uploadPart(key, uploadId, parts.size() + 1, tail.toByteArray()));
    }
    if (parts.isEmpty()) {
      store.abortUpload(key, uploadId);
      deleteChunks(key);
      return 0;
    }
    store.completeUpload(key, uploadId, parts);
    deleteChunks(key);
    return offset;
  }

  private void deleteChunks(String key) {
    for (S3Object chunk : chunks(key)) {
      store.delete(chunk.key());
    }
  }

  /** The chunk objects, by offset (some stores also list a folder marker: skipped). */
  private List<S3Object> chunks(String key) {
    return store.list(key + StreamingUpload.CHUNKS).stream()
        .filter(o -> o.key().matches(".*/[0-9]{16}")).toList();
  }
}
