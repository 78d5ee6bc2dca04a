package dev.liverec.app.server;

import dev.liverec.spi.FrameSource;
import java.util.List;
import java.util.Optional;

/**
 * Where the server's recordings get their frames: one new {@link FrameSource} per started
 * mint_id. The synthetic one ({@link SyntheticSourceFactory}) is the default; a LiveKit one maps
 * a mint_id to a room and participant.
 */
public interface SourceFactory {
  /**
   * A new, not yet started source for this recording.
   *
   * @throws RuntimeException when no stream can be found for the id; the API answers with the
   *     exception's message
   */
  FrameSource create(MintId mintId);

  /** The picture format streams are expected to have, when known before the first frame. */
  default Optional<StreamFormat> expectedFormat() {
    return Optional.empty();
  }

  /** The streams this source can see now ({@code GET /api/livestream/active}). */
  default List<LiveStream> liveStreams() {
    return List.of();
  }

  /** One line for logs and {@code /health}; never contains secrets. */
  String describe();

  /**
   * A picture format known ahead of the first frame.
   *
   * @param width picture width
   * @param height picture height
   * @param frameRate frames per second
   */
  record StreamFormat(int width, int height, int frameRate) {}

  /**
   * A stream the source can record.
   *
   * @param name what to pass as mint_id (for LiveKit: the room)
   * @param participants who publishes in it, if known
   */
  record LiveStream(String name, List<String> participants) {
    public LiveStream {
      participants = List.copyOf(participants);
    }
  }
}
