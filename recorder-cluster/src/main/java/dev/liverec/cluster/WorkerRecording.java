package dev.liverec.cluster;

import dev.liverec.LiverecException;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingState;
import dev.liverec.RecordingStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One part a worker records: a {@link PartRecorder} writing a local fragmented MP4 and the
 * {@link StreamingUpload} that moves it to the store as it grows. The local file is deleted once
 * the object is complete (or abandoned to a completer).
 */
final class WorkerRecording {
  private static final Logger log = LoggerFactory.getLogger(WorkerRecording.class);

  /**
   * How the part ended.
   *
   * @param result the recorder's result
   * @param bytes the object's size (uploaded bytes when it could not be completed)
   * @param completed false when completing the object failed: a completer must finish it from
   *     what was uploaded
   */
  record Ending(RecordingResult result, long bytes, boolean completed) {}

  private final RecordingSpec spec;
  private final int part;
  private final Path file;
  private final PartRecorder recorder;
  private final StreamingUpload upload;
  /** Held while uploading or ending; status reports never wait for it. */
  private final ReentrantLock lock = new ReentrantLock();
  private boolean ended;

  private WorkerRecording(RecordingSpec spec, int part, Path file, PartRecorder recorder,
      StreamingUpload upload) {
    this.spec = spec;
    this.part = part;
    this.file = file;
    this.recorder = recorder;
    this.upload = upload;
  }

  /**
   * Opens the object's upload (its key and upload id go to Redis first, through
   * {@code announce}, so a completer can find them if this worker dies) and starts recording.
   */
  static WorkerRecording start(RecordingSpec spec, int part, String run, Path bufferDir,
      ObjectStore store, PartLauncher launcher, java.util.function.BiConsumer<String, String> announce) {
    Path file = bufferDir.resolve(spec.mintId() + "-" + run + "-part" + part + ".mp4");
    String key = store.partKey(spec.mintId(), run, part);
    StreamingUpload upload = StreamingUpload.begin(store, key, file);
    announce.accept(key, upload.uploadId());
    try {
      return new WorkerRecording(spec, part, file, launcher.launch(spec, part, file), upload);
    } catch (RuntimeException e) {
      try {
        upload.finish();
      } catch (IOException | RuntimeException ignored) {
        log.debug("[{}] no object after a failed start", spec.mintId());
      }
      deleteQuietly(file);
      throw e;
    }
  }

  RecordingSpec spec() {
    return spec;
  }

  int part() {
    return part;
  }

  String objectKey() {
    return upload.key();
  }

  String uploadId() {
    return upload.uploadId();
  }

  /** Bytes in the store so far. */
  long uploadedBytes() {
    return upload.uploadedBytes();
  }

  /** Media recorded, as the recorder last reported it. */
  long mediaMs() {
    return recorder.status().stats().mediaDurationMs();
  }

  /** The recorder ended by itself (end of stream, failure, or its process died). */
  boolean endedByItself() {
    return recorder.status().state().isFinal();
  }

  /** The recorder's process died (killed, native crash): see {@link PartRecorder#died()}. */
  boolean died() {
    return recorder.died();
  }

  /** Why the recorder ended by itself, for logs and Redis. */
  String endedBecause() {
    String reason = recorder.status().failureReason();
    return reason == null ? "ended" : reason;
  }

  /**
   * Uploads what was written since the last call; skipped while the part is ending. Never throws:
   * a failed upload is retried next time.
   */
  void pump() {
    if (!lock.tryLock()) {
      return;
    }
    try {
      if (!ended) {
        upload.pump();
      }
    } catch (IOException | RuntimeException e) {
      log.warn("[{}] part {}: upload behind, retrying: {}", spec.mintId(), part, e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  /** What the worker reports: the recording's stats (recording hash) and the part's progress. */
  List<String> reportFields() {
    RecordingStatus status = recorder.status();
    Map<String, String> stats = StatsCodec.encode(status.stats());
    List<String> out = new ArrayList<>();
    out.add(Integer.toString(stats.size()));
    stats.forEach((k, v) -> {
      out.add(k);
      out.add(v);
    });
    out.add("state");
    out.add(PartState.RECORDING.name());
    out.add("media_ms");
    out.add(Long.toString(status.stats().mediaDurationMs()));
    out.add("bytes");
    out.add(Long.toString(upload.uploadedBytes()));
    out.add("file_bytes");
    out.add(Long.toString(status.stats().bytesWritten()));
    return out;
  }

  /** Stops the recorder, uploads the rest and completes the object; deletes the local file. */
  Ending end() {
    lock.lock();
    try {
      return endLocked();
    } finally {
      lock.unlock();
    }
  }

  private Ending endLocked() {
    ended = true;
    RecordingResult result;
    try {
      result = recorder.stop();
    } catch (LiverecException e) {
      log.warn("[{}] part {}: {}", spec.mintId(), part, e.getMessage());
      RecordingStatus s = recorder.status();
      result = new RecordingResult(RecordingState.FAILED, e.getMessage(), file,
          java.time.Duration.ofMillis(s.stats().mediaDurationMs()), s.stats().bytesWritten(), s.stats());
    } finally {
      recorder.close();
    }
    long bytes;
    boolean completed = true;
    try {
      bytes = upload.finish();
    } catch (IOException | RuntimeException e) {
      log.error("[{}] part {}: completing the object failed, another worker will complete it from "
          + "what was uploaded: {}", spec.mintId(), part, e.getMessage());
      bytes = upload.uploadedBytes();
      completed = false;
    }
    deleteQuietly(file);
    return new Ending(result, bytes, completed);
  }

  /**
   * This worker lost the recording (it was declared dead meanwhile): stops recording without
   * touching the object, which the fleet completes from what was uploaded.
   */
  void abandon() {
    lock.lock();
    try {
      ended = true;
      upload.abandon();
      recorder.close();
      deleteQuietly(file);
    } finally {
      lock.unlock();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not delete the buffer file {}: {}", file, e.getMessage());
    }
  }
}
