package dev.liverec.cluster;

import dev.liverec.RecordingStats;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link RecordingStats} to and from a Redis hash's fields ({@code s.videoFramesWritten} ...), by
 * the record's own components, so a new statistic travels without a change here.
 */
final class StatsCodec {
  static final String PREFIX = "s.";
  private static final RecordComponent[] COMPONENTS = RecordingStats.class.getRecordComponents();
  private static final Constructor<RecordingStats> CONSTRUCTOR = constructor();

  private StatsCodec() {}

  private static Constructor<RecordingStats> constructor() {
    Class<?>[] types = new Class<?>[COMPONENTS.length];
    for (int i = 0; i < types.length; i++) {
      types[i] = COMPONENTS[i].getType();
    }
    try {
      return RecordingStats.class.getDeclaredConstructor(types);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("RecordingStats has no canonical constructor", e);
    }
  }

  static Map<String, String> encode(RecordingStats stats) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (RecordComponent c : COMPONENTS) {
      try {
        fields.put(PREFIX + c.getName(), String.valueOf(c.getAccessor().invoke(stats)));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName(), e);
      }
    }
    return fields;
  }

  /** Missing or unreadable fields read as zero (a recording no worker has reported on yet). */
  static RecordingStats decode(Map<String, String> fields) {
    Object[] values = new Object[COMPONENTS.length];
    for (int i = 0; i < COMPONENTS.length; i++) {
      String raw = fields.get(PREFIX + COMPONENTS[i].getName());
      values[i] = parse(COMPONENTS[i].getType(), raw);
    }
    try {
      return CONSTRUCTOR.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build RecordingStats", e);
    }
  }

  private static Object parse(Class<?> type, @org.jspecify.annotations.Nullable String raw) {
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
