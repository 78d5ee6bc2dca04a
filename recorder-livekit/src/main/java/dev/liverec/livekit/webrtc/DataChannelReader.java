package dev.liverec.livekit.webrtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads every message of a data channel so none queue up unread: counts messages and bytes and
 * hands each message's bytes (a copy, valid after the call) to a consumer, which may discard them.
 * The consumer runs on WebRTC's network thread and must not block. {@link #close()} unregisters
 * the observer and closes the channel; the channel itself belongs to its peer connection.
 */
public final class DataChannelReader implements AutoCloseable {
  private final RTCDataChannel channel;
  private final String label;
  private final Consumer<byte[]> consumer;
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private volatile boolean closed;

  private DataChannelReader(RTCDataChannel channel, Consumer<byte[]> consumer) {
    this.channel = channel;
    this.label = channel.getLabel();
    this.consumer = consumer;
  }

  /** Starts reading {@code channel}. */
  public static DataChannelReader read(RTCDataChannel channel, Consumer<byte[]> consumer) {
    DataChannelReader reader = new DataChannelReader(channel, consumer);
    channel.registerObserver(reader.new Observer());
    return reader;
  }

  public String label() {
    return label;
  }

  public RTCDataChannel channel() {
    return channel;
  }

  public long messages() {
    return messages.get();
  }

  public long bytes() {
    return bytes.get();
  }

  public boolean isOpen() {
    return !closed && channel.getState() == RTCDataChannelState.OPEN;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    channel.unregisterObserver();
    channel.close();
  }

  private final class Observer implements RTCDataChannelObserver {
    @Override
    public void onBufferedAmountChange(long previousAmount) {}

    @Override
    public void onStateChange() {}

    @Override
    public void onMessage(RTCDataChannelBuffer buffer) {
      byte[] copy = new byte[buffer.data.remaining()];
      buffer.data.duplicate().get(copy);
      messages.incrementAndGet();
      bytes.addAndGet(copy.length);
      if (!closed) {
        consumer.accept(copy);
      }
    }
  }
}
