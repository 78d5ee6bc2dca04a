package dev.liverec.micrometer;

import dev.liverec.spi.SourceEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/** {@code liverec_source_events_total{event=...}}: one counter per kind of source event. */
final class SourceEventCounters {
  private final Counter muted;
  private final Counter unmuted;
  private final Counter endOfStream;
  private final Counter failed;
  private final Counter notice;
  private final Counter videoSize;

  SourceEventCounters(MeterRegistry registry, Tags tags) {
    muted = counter(registry, tags, "muted");
    unmuted = counter(registry, tags, "unmuted");
    endOfStream = counter(registry, tags, "end_of_stream");
    failed = counter(registry, tags, "failed");
    notice = counter(registry, tags, "notice");
    videoSize = counter(registry, tags, "video_size");
  }

  private static Counter counter(MeterRegistry registry, Tags tags, String event) {
    return Counter.builder(RecordingMeters.PREFIX + "source.events").tags(tags.and("event", event))
        .description("events the source told: mutes, notices such as reconnects, failures")
        .register(registry);
  }

  void count(SourceEvent event) {
    Counter counter;
    if (event instanceof SourceEvent.Muted) {
      counter = muted;
    } else if (event instanceof SourceEvent.Unmuted) {
      counter = unmuted;
    } else if (event instanceof SourceEvent.EndOfStream) {
      counter = endOfStream;
    } else if (event instanceof SourceEvent.Failed) {
      counter = failed;
    } else if (event instanceof SourceEvent.Notice) {
      counter = notice;
    } else {
      counter = videoSize;
    }
    counter.increment();
  }
}
