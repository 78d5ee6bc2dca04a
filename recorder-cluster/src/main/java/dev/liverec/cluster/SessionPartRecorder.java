package dev.liverec.cluster;

import dev.liverec.FileLayout;
import dev.liverec.RecorderConfig;
import dev.liverec.RecordingResult;
import dev.liverec.RecordingSession;
import dev.liverec.RecordingStatus;
import dev.liverec.spi.FrameSource;
import java.nio.file.Path;

/** A part recorded by a {@link RecordingSession} in this JVM. */
final class SessionPartRecorder implements PartRecorder {
  private final RecordingSession session;

  private SessionPartRecorder(RecordingSession session) {
    this.session = session;
  }

  static SessionPartRecorder start(RecordingSpec spec, FrameSource source, Path file) {
    RecorderConfig config = RecorderConfig.builder(file).name(spec.mintId())
        .outputSize(spec.width(), spec.height()).frameRate(spec.frameRate())
        // Streamed as it grows; at a clean stop the index written into the reserved front goes
        // up again with the first part (StreamingUpload.finish).
        .layout(FileLayout.INDEXED_FRAGMENTS)
        .build();
    RecordingSession session = RecordingSession.create(config, source);
    try {
      session.start();
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    return new SessionPartRecorder(session);
  }

  @Override
  public RecordingStatus status() {
    return session.status();
  }

  @Override
  public boolean died() {
    return false;
  }

  @Override
  public RecordingResult stop() {
    return session.stop();
  }

  @Override
  public void close() {
    session.close();
  }
}
