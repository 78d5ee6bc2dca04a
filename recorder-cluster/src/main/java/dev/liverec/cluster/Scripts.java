package dev.liverec.cluster;

/**
 * The Lua scripts that change a recording's state. Each runs atomically in Redis, so two fronts,
 * a worker and a janitor never see or make a half-done transition. A recording's hash holds its
 * current part number; part hashes are {@code <recording>:part:<n>}.
 */
final class Scripts {
  private Scripts() {}

  /**
   * Creates a recording and queues its start. KEYS: recording, active, pending, starts. ARGV:
   * mint, run, request id, width, height, fps, cost, now ms, deadline ms. Answers OK, or the
   * state of a recording that is still running.
   */
  static final String CREATE = """
      local st = redis.call('HGET', KEYS[1], 'state')
      if st and st ~= 'STOPPED' and st ~= 'FAILED' then return st end
      local old = tonumber(redis.call('HGET', KEYS[1], 'part') or '0')
      for i = 1, old do redis.call('DEL', KEYS[1] .. ':part:' .. i) end
      redis.call('DEL', KEYS[1])
      redis.call('HSET', KEYS[1], 'mint_id', ARGV[1], 'run', ARGV[2], 'state', 'PENDING',
        'part', '1', 'request_id', ARGV[3], 'width', ARGV[4], 'height', ARGV[5], 'fps', ARGV[6],
        'cost', ARGV[7], 'requested_at', ARGV[8], 'updated_at', ARGV[8])
      redis.call('SADD', KEYS[2], ARGV[1])
      redis.call('ZADD', KEYS[3], ARGV[9], ARGV[1])
      redis.call('XADD', KEYS[4], '*', 'mint_id', ARGV[1], 'request_id', ARGV[3], 'cost', ARGV[7])
      return 'OK'
      """;

  /**
   * A worker takes a start request. KEYS: recording, pending, the worker's recordings set. ARGV:
   * request id, worker id, now ms. Answers the part number, or "stale" when the request was
   * already taken, stopped or replaced.
   */
  static final String CLAIM = """
      if redis.call('HGET', KEYS[1], 'request_id') ~= ARGV[1] then return 'stale' end
      local st = redis.call('HGET', KEYS[1], 'state')
      if st ~= 'PENDING' and st ~= 'FAILING_OVER' then return 'stale' end
      if redis.call('HGET', KEYS[1], 'stop_requested') == '1' then return 'stale' end
      local part = redis.call('HGET', KEYS[1], 'part')
      local mint = redis.call('HGET', KEYS[1], 'mint_id')
      redis.call('HSET', KEYS[1], 'state', 'RECORDING', 'worker', ARGV[2], 'updated_at', ARGV[3])
      if not redis.call('HGET', KEYS[1], 'started_at') then
        redis.call('HSET', KEYS[1], 'started_at', ARGV[3])
      end
      redis.call('HSET', KEYS[1] .. ':part:' .. part, 'part', part, 'worker', ARGV[2],
        'state', 'STARTING', 'started_at', ARGV[3])
      redis.call('ZREM', KEYS[2], mint)
      redis.call('SADD', KEYS[3], mint)
      return part
      """;

  /**
   * A worker reports on a part it records. KEYS: recording, part. ARGV: worker, part, now ms, n,
   * then n field/value pairs for the recording, then pairs for the part. Answers "lost" when the
   * recording is no longer this worker's part (it was declared dead and the recording moved on),
   * "stop" when a stop was asked for, else "ok".
   */
  static final String REPORT = """
      local st = redis.call('HGET', KEYS[1], 'state')
      if redis.call('HGET', KEYS[1], 'worker') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'part') ~= ARGV[2]
        or (st ~= 'RECORDING' and st ~= 'STOPPING') then return 'lost' end
      redis.call('HSET', KEYS[1], 'updated_at', ARGV[3])
      local n = tonumber(ARGV[4])
      for i = 5, 4 + 2 * n, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
      for i = 5 + 2 * n, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
      if redis.call('HGET', KEYS[1], 'stop_requested') == '1' then return 'stop' end
      return 'ok'
      """;

  /**
   * A worker ends its part. KEYS: recording, part, active, the worker's recordings set. ARGV:
   * worker, part, now ms, final recording state, reason ("" for none), part state, bytes, media
   * ms. The recording ends only if it is still this worker's part; the part ends either way.
   */
  static final String FINISH = """
      local mint = redis.call('HGET', KEYS[1], 'mint_id')
      redis.call('HSET', KEYS[2], 'state', ARGV[6], 'ended_at', ARGV[3], 'bytes', ARGV[7], 'media_ms', ARGV[8])
      redis.call('SREM', KEYS[4], mint or '')
      if redis.call('HGET', KEYS[1], 'worker') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'part') ~= ARGV[2] then
        return 'not-owner'
      end
      local st = redis.call('HGET', KEYS[1], 'state')
      if st ~= 'RECORDING' and st ~= 'STOPPING' then return 'not-owner' end
      redis.call('HSET', KEYS[1], 'state', ARGV[4], 'ended_at', ARGV[3], 'updated_at', ARGV[3])
      if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'reason', ARGV[5]) end
      redis.call('SREM', KEYS[3], mint)
      return 'ok'
      """;

  /**
   * The recording of a dead (or draining) worker moves on. KEYS: recording, active, pending,
   * starts, completions. ARGV: worker, now ms, new request id, deadline ms, "1" if the old part's
   * upload must be completed by someone else, reason. Answers "skip" (not that worker's),
   * "stopped" (a stop was pending: it ends now) or "continued".
   */
  static final String MOVE_ON = """
      if redis.call('HGET', KEYS[1], 'worker') ~= ARGV[1] then return 'skip' end
      local st = redis.call('HGET', KEYS[1], 'state')
      if st ~= 'RECORDING' and st ~= 'STOPPING' then return 'skip' end
      local mint = redis.call('HGET', KEYS[1], 'mint_id')
      local part = tonumber(redis.call('HGET', KEYS[1], 'part'))
      local pk = KEYS[1] .. ':part:' .. part
      local seen = redis.call('HGET', KEYS[1], 'updated_at')
      if ARGV[5] == '1' then
        redis.call('HSET', pk, 'state', 'INTERRUPTED', 'ended_at', seen)
        redis.call('XADD', KEYS[5], '*', 'mint_id', mint, 'part', tostring(part),
          'key', redis.call('HGET', pk, 'key') or '', 'upload_id', redis.call('HGET', pk, 'upload_id') or '')
      end
      if st == 'STOPPING' or redis.call('HGET', KEYS[1], 'stop_requested') == '1' then
        redis.call('HSET', KEYS[1], 'state', 'STOPPED', 'ended_at', ARGV[2], 'updated_at', ARGV[2],
          'reason', ARGV[6])
        redis.call('SREM', KEYS[2], mint)
        return 'stopped'
      end
      redis.call('HSET', KEYS[1], 'state', 'FAILING_OVER', 'part', tostring(part + 1), 'worker', '',
        'request_id', ARGV[3], 'updated_at', ARGV[2], 'reason', ARGV[6])
      redis.call('ZADD', KEYS[3], ARGV[4], mint)
      redis.call('XADD', KEYS[4], '*', 'mint_id', mint, 'request_id', ARGV[3],
        'cost', redis.call('HGET', KEYS[1], 'cost'))
      return 'continued'
      """;

  /**
   * A front asks for a stop. KEYS: recording, active, pending. ARGV: now ms. Answers the state
   * after the call: STOPPING when a worker must finish, or a final state, or "" when unknown.
   */
  static final String STOP = """
      local st = redis.call('HGET', KEYS[1], 'state')
      if not st then return '' end
      if st == 'STOPPED' or st == 'FAILED' or st == 'STOPPING' then return st end
      local mint = redis.call('HGET', KEYS[1], 'mint_id')
      if st == 'RECORDING' then
        redis.call('HSET', KEYS[1], 'stop_requested', '1', 'state', 'STOPPING')
        return 'STOPPING'
      end
      local reason = 'stopped before a worker took it'
      if st == 'FAILING_OVER' then reason = 'stopped while its continuation waited for a worker' end
      redis.call('HSET', KEYS[1], 'stop_requested', '1', 'state', 'STOPPED', 'ended_at', ARGV[1],
        'updated_at', ARGV[1], 'reason', reason)
      redis.call('SREM', KEYS[2], mint)
      redis.call('ZREM', KEYS[3], mint)
      return 'STOPPED'
      """;

  /**
   * No worker took a start in time. KEYS: recording, active, pending. ARGV: now ms, reason.
   * A first part that never started FAILS; a continuation ends the recording as STOPPED, its
   * earlier parts being complete.
   */
  static final String EXPIRE = """
      local mint = redis.call('HGET', KEYS[1], 'mint_id')
      local st = redis.call('HGET', KEYS[1], 'state')
      if st ~= 'PENDING' and st ~= 'FAILING_OVER' then
        if mint then redis.call('ZREM', KEYS[3], mint) end
        return 'skip'
      end
      local final = 'FAILED'
      if st == 'FAILING_OVER' then final = 'STOPPED' end
      redis.call('HSET', KEYS[1], 'state', final, 'ended_at', ARGV[1], 'updated_at', ARGV[1], 'reason', ARGV[2])
      redis.call('SREM', KEYS[2], mint)
      redis.call('ZREM', KEYS[3], mint)
      return final
      """;

  /**
   * A part's recorder died on a worker that goes on: the part ends and the recording continues
   * as the next part on the same worker. KEYS: recording, part. ARGV: worker, part, now ms, part
   * state, bytes, media ms, the part's end ms (when its recorder was seen dead), reason. Answers
   * the new part's number, "stop" when a stop was asked for (the caller then ends the recording),
   * or "lost" when the recording is no longer this worker's part.
   */
  static final String NEXT_PART = """
      redis.call('HSET', KEYS[2], 'state', ARGV[4], 'ended_at', ARGV[7], 'bytes', ARGV[5], 'media_ms', ARGV[6])
      if redis.call('HGET', KEYS[1], 'worker') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'part') ~= ARGV[2] then
        return 'lost'
      end
      if redis.call('HGET', KEYS[1], 'state') ~= 'RECORDING' then return 'stop' end
      if redis.call('HGET', KEYS[1], 'stop_requested') == '1' then return 'stop' end
      local part = tostring(tonumber(ARGV[2]) + 1)
      redis.call('HSET', KEYS[1], 'part', part, 'updated_at', ARGV[3], 'reason', ARGV[8])
      redis.call('HSET', KEYS[1] .. ':part:' .. part, 'part', part, 'worker', ARGV[1],
        'state', 'STARTING', 'started_at', ARGV[3])
      return part
      """;
}
