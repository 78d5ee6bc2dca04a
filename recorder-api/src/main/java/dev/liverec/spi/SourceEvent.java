package dev.liverec.spi;

import dev.liverec.frame.TrackKind;
import java.util.Objects;

/** Something a source tells the recorder besides frames. */
public sealed interface SourceEvent
    permits SourceEvent.Muted, SourceEvent.Unmuted, SourceEvent.EndOfStream,
        SourceEvent.Failed, SourceEvent.Notice, SourceEvent.VideoSize {

  /** A track went quiet on purpose: audio is filled with silence, video holds its last frame. */
  record Muted(TrackKind track) implements SourceEvent {
    public Muted {
      Objects.requireNonNull(track, "track");
    }
  }

  /** A muted track is live again. */
  record Unmuted(TrackKind track) implements SourceEvent {
    public Unmuted {
      Objects.requireNonNull(track, "track");
    }
  }

  /** The stream is over; the session finishes the file as if stopped. */
  record EndOfStream(String reason) implements SourceEvent {
    public EndOfStream {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The source cannot go on; the session ends FAILED with this reason, keeping the file so far. */
  record Failed(String reason, Throwable cause) implements SourceEvent {
    public Failed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * Something worth logging and counting that changes nothing in the recording, for example
   * "reconnecting" or "participant left".
   */
  record Notice(String message) implements SourceEvent {
    public Notice {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * The size the video is published at, told before the first frame: a recording that takes its
   * size from the stream is encoded at this size even when the first frames arrive smaller (a
   * simulcast stream that starts on a low layer and steps up). Told after the first frame, or to
   * a recording with a fixed output size, it changes nothing.
   */
  record VideoSize(int width, int height) implements SourceEvent {
    public VideoSize {
      if (width < 2 || height < 2 || width > 8192 || height > 8192) {
        throw new dev.liverec.InvalidSettingException(
            "a published video size must be within 2..8192, got " + width + "x" + height);
      }
    }
  }

  static SourceEvent videoSize(int width, int height) {
    return new VideoSize(width, height);
  }

  static SourceEvent muted(TrackKind track) {
    return new Muted(track);
  }

  static SourceEvent unmuted(TrackKind track) {
    return new Unmuted(track);
  }

  static SourceEvent endOfStream(String reason) {
    return new EndOfStream(reason);
  }

  static SourceEvent failed(String reason, Throwable cause) {
    return new Failed(reason, cause);
  }

  static SourceEvent notice(String message) {
    return new Notice(message);
  }
}
