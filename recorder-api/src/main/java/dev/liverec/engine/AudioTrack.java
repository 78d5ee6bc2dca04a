package dev.liverec.engine;

import dev.liverec.RecorderConfig;
import dev.liverec.frame.AudioFrame;
import dev.liverec.frame.FramePool;
import dev.liverec.frame.TrackKind;
import dev.liverec.spi.AudioEncoder;
import dev.liverec.spi.AudioEncoderSettings;
import dev.liverec.spi.DropReason;
import dev.liverec.spi.EncoderProvider;
import dev.liverec.spi.Metrics;
import dev.liverec.spi.StreamDescriptor;

/**
 * The audio track: its encoder, and its continuity on the video's timeline. Real audio is written
 * at its normalised time; wherever the source gives none (muted, missing, or quiet until a
 * recording that ends by the clock), the {@link SilenceFiller} writes silence, so the track has
 * no hole and ends with the video.
 *
 * <p>Owns the audio encoder: opened at start, so a missing codec fails {@code start()}; drained
 * once, at the end; closed once by {@link #close()}. Used by the session thread only.
 */
final class AudioTrack implements AutoCloseable {
  /** Audio this far behind video (and not muted) counts as missing: silence fills the hole. */
  private static final long MISSING_US = 300_000;
  /** When filling for missing (not muted) audio, stay this far behind video for late arrivals. */
  private static final long LAG_US = 100_000;

  private final AudioEncoder encoder;
  private final SilenceFiller silence;
  private final TimedPackets packets;
  private final Metrics metrics;
  private final SilenceFiller.Output silenceOut = this::encodeSilence;
  private boolean muted;

  private AudioTrack(AudioEncoder encoder, SilenceFiller silence, TimedPackets packets,
      Metrics metrics) {
    this.encoder = encoder;
    this.silence = silence;
    this.packets = packets;
    this.metrics = metrics;
  }

  /** Opens the encoder in the configured format; its packets go to {@code packets}. */
  static AudioTrack open(RecorderConfig config, EncoderProvider encoders, FramePool pool,
      TimedPackets packets, Metrics metrics) {
    AudioEncoder encoder = encoders.openAudio(new AudioEncoderSettings(
        config.audioSampleRate(), config.audioChannels(), config.audioBitRate()));
    SilenceFiller silence = new SilenceFiller(pool, config.audioSampleRate(),
        config.audioChannels(), config.maxTimestampJump().toNanos() / 1000);
    return new AudioTrack(encoder, silence, packets, metrics);
  }

  /** The stream the muxer declares for this track. */
  StreamDescriptor descriptor() {
    return encoder.descriptor();
  }

  /** The source muted ({@code true}) or unmuted the track: silence stands in meanwhile. */
  void muted(boolean muted) {
    this.muted = muted;
  }

  /** Writes a real frame that belongs at {@code ptsUs}, or drops it if it overlaps. */
  void write(AudioFrame frame, long ptsUs) {
    if (silence.admit(ptsUs, frame.durationUs(), silenceOut)) {
      long at = silence.positionUs();
      silence.advance(frame);
      int written = encode(frame);
      metrics.audioFrameWritten(at, frame.durationUs(), false, written);
    } else {
      metrics.frameDropped(TrackKind.AUDIO, DropReason.OVERLAP);
    }
  }

  /** Video has reached {@code ptsUs}: fills silence where audio is muted or missing. */
  void followVideo(long ptsUs) {
    if (muted) {
      silence.fillTo(ptsUs, silenceOut);
    } else if (ptsUs - silence.positionUs() > MISSING_US) {
      silence.fillTo(ptsUs - LAG_US, silenceOut);
    }
  }

  /** Writes silence from the audio written so far up to {@code endUs}, where the track ends. */
  void fillTo(long endUs) {
    silence.fillTo(endUs, silenceOut);
  }

  private int encode(AudioFrame frame) {
    long resampled = encoder.resampleNanos();
    long started = packets.encodeStarting();
    int written = encoder.encode(frame, packets);
    packets.encodeEnded(started, encoder.resampleNanos() - resampled);
    return written;
  }

  /** Flushes the encoder's last packets. Once, at the end. */
  void drain() {
    encoder.drain(packets);
  }

  private void encodeSilence(AudioFrame frame, long ptsUs) {
    try {
      int written = encode(frame);
      metrics.audioFrameWritten(ptsUs, frame.durationUs(), true, written);
    } finally {
      frame.close();
    }
  }

  /** Frees the encoder. Idempotent; never throws. */
  @Override
  public void close() {
    encoder.close();
  }
}
