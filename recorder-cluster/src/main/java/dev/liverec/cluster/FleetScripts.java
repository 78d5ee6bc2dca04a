package dev.liverec.cluster;

/**
 * The Lua scripts that keep the fleet's membership: workers' heartbeats and announcements, the
 * silent ones found and forgotten, and the janitor's lock. Each runs atomically in Redis. The
 * scripts that change a recording's state are in {@link Scripts}.
 */
final class FleetScripts {
  private FleetScripts() {}

  /**
   * A dead worker leaves the fleet once its recordings moved on. KEYS: workers set, workers' free
   * capacity, workers' capacity, its announcement, its recordings set. ARGV: worker id.
   */
  static final String FORGET_WORKER = """
      redis.call('SREM', KEYS[1], ARGV[1])
      redis.call('ZREM', KEYS[2], ARGV[1])
      redis.call('HDEL', KEYS[3], ARGV[1])
      redis.call('DEL', KEYS[4], KEYS[5])
      return 'ok'
      """;

  /**
   * The janitor's lock, if its owner still holds it, gets a new time to live: longer while a
   * round runs (so a slow round is not run twice at once), back to one heartbeat interval when
   * it ends (so the fleet runs about one round an interval). KEYS: lock. ARGV: owner, TTL ms.
   * Answers "ok", or "lost" when someone else holds it (or nobody).
   */
  static final String LEASE = """
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'lost' end
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 'ok'
      """;

  /**
   * The announced workers whose heartbeat key expired, in one round trip however large the
   * fleet. KEYS: workers set. ARGV: the worker key prefix and the heartbeat key's suffix (a
   * worker's heartbeat key is prefix .. id .. suffix). Answers their ids.
   */
  static final String SILENT_WORKERS = """
      local silent = {}
      for _, w in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        if redis.call('EXISTS', ARGV[1] .. w .. ARGV[2]) == 0 then table.insert(silent, w) end
      end
      return silent
      """;

  /**
   * A worker's heartbeat and announcement in one round trip. KEYS: its heartbeat key, its
   * announcement hash, workers set, workers' free capacity, workers' capacity. ARGV: worker id,
   * now ms, TTL ms, capacity, used, recordings, draining (1/0), buffer bytes, free capacity
   * offered ("" for none: draining, buffer full).
   */
  static final String HEARTBEAT = """
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      redis.call('HSET', KEYS[2], 'capacity', ARGV[4], 'used', ARGV[5], 'recordings', ARGV[6],
        'draining', ARGV[7], 'heartbeat_at', ARGV[2], 'buffer_bytes', ARGV[8])
      redis.call('SADD', KEYS[3], ARGV[1])
      if ARGV[9] == '' then
        redis.call('ZREM', KEYS[4], ARGV[1])
        redis.call('HDEL', KEYS[5], ARGV[1])
      else
        redis.call('ZADD', KEYS[4], ARGV[9], ARGV[1])
        redis.call('HSET', KEYS[5], ARGV[1], ARGV[4])
      end
      return 'ok'
      """;
}
