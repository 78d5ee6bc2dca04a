package dev.liverec.cluster;

import dev.liverec.RecordingStats;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@link RecordingStats} to and from a Redis hash's fields ({@code s.videoFramesWritten},
 * {@code s.drops.videoQueueFull} ...), by the record's own components, nested records included,
 * so a new statistic travels without a change here.
 */
final class StatsCodec {
  static final String PREFIX = "s.";

  private StatsCodec() {}

  static Map<String, String> encode(RecordingStats stats) {
    Map<String, String> fields = new LinkedHashMap<>();
    encode(stats, PREFIX, fields);
    return fields;
  }

  private static void encode(Record value, String prefix, Map<String, String> fields) {
    for (RecordComponent c : value.getClass().getRecordComponents()) {
      Object part;
      try {
        part = c.getAccessor().invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName(), e);
      }
      if (part instanceof Record nested) {
        encode(nested, prefix + c.getName() + ".", fields);
      } else {
        fields.put(prefix + c.getName(), String.valueOf(part));
      }
    }
  }

  /** Missing or unreadable fields read as zero (a recording no worker has reported on yet). */
  static RecordingStats decode(Map<String, String> fields) {
    return decode(RecordingStats.class, PREFIX, fields);
  }

  private static <R extends Record> R decode(Class<R> type, String prefix,
      Map<String, String> fields) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      String name = prefix + components[i].getName();
      values[i] = types[i].isRecord()
          ? decode(types[i].asSubclass(Record.class), name + ".", fields)
          : parse(types[i], fields.get(name));
    }
    try {
      Constructor<R> canonical = type.getDeclaredConstructor(types);
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
    }
  }

  private static Object parse(Class<?> type, @Nullable String raw) {
    try {
      if (type == long.class) {
        return raw == null ? 0L : Long.parseLong(raw);
      } else if (type == int.class) {
        return raw == null ? 0 : Integer.parseInt(raw);
      } else if (type == double.class) {
        return raw == null ? 0.0 : Double.parseDouble(raw);
      } else if (type == boolean.class) {
        return raw != null && Boolean.parseBoolean(raw);
      }
      return raw == null ? "" : raw;
    } catch (NumberFormatException e) {
      return parse(type, null);
    }
  }
}
