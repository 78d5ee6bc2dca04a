package dev.liverec.cluster;

/**
 * The Lua scripts that change a recording's state. Each runs atomically in Redis, so two fronts,
 * a worker and a janitor never see or make a half-done transition. A recording's hash holds its
 * current part number; part hashes are {@code <recording>:part:<n>}.
 *
 * <p>Every script that changes a recording's state takes the events stream ({@link
 * Keys#events()}) as its last KEY and appends the change to it in the same atomic step: CREATE
 * {@code recording_started}; TAKE and STOP (to STOPPING) a {@code state} update; MOVE_ON (on to
 * a continuation) and NEXT_PART a {@code failover} update; FINISH, STOP (of a recording no worker
 * records), MOVE_ON (with a stop pending) and EXPIRE {@code recording_ended}. So a recording
 * never ends without its {@code recording_ended} (see {@link ClusterEvents}).
 */
final class Scripts {
  private Scripts() {}

  /** Most entries the events stream keeps (about: Redis trims whole nodes). */
  static final int EVENTS_KEPT = 100_000;

  /**
   * Prepended to the scripts that change a recording's state: {@code event(name, mint, at, fact,
   * value, ...)} appends one entry to the events stream, the script's last KEY.
   */
  private static final String EVENT = "local function event(name, mint, at, ...)\n"
      + "  redis.call('XADD', KEYS[#KEYS], 'MAXLEN', '~', '" + EVENTS_KEPT + "', '*', "
      + "'event', name, 'mint_id', mint, 'at', at, ...)\nend\n";

  /**
   * Creates a recording and queues its start, if the fleet has room for it beyond the failover
   * reserve. KEYS: recording, active, pending, starts, workers' free capacity, workers' capacity.
   * ARGV: mint, run, request id, width, height, fps, cost, now ms, deadline ms, reserve (fraction
   * of the fleet's capacity). Answers OK; or the state of a recording that is still running; or
   * {@code full:<largest free>} when no worker has room; or
   * {@code reserve:<room>:<waiting>:<reserve>} when taking it would eat into the reserve (room
   * and reserve counted in recordings of this cost, waiting = starts not yet taken; with no
   * reserve, starts may queue beyond the room and wait for it, up to the pending timeout).
   */
  static final String CREATE = EVENT + """
      local st = redis.call('HGET', KEYS[1], 'state')
      if st and st ~= 'STOPPED' and st ~= 'FAILED' then return st end
      local cost = tonumber(ARGV[7])
      local free = redis.call('ZRANGE', KEYS[5], 0, -1, 'WITHSCORES')
      local room, largest = 0, 0
      for i = 2, #free, 2 do
        local f = tonumber(free[i])
        if f > largest then largest = f end
        if f + 1e-9 >= cost then room = room + math.floor((f + 1e-9) / cost) end
      end
      if largest + 1e-9 < cost then return 'full:' .. largest end
      local total = 0
      for _, c in ipairs(redis.call('HVALS', KEYS[6])) do
        total = total + math.floor((tonumber(c) + 1e-9) / cost)
      end
      local reserve = math.floor(total * tonumber(ARGV[10]))
      local waiting = redis.call('ZCARD', KEYS[3])
      if reserve > 0 and room - waiting - 1 < reserve then
        return 'reserve:' .. room .. ':' .. waiting .. ':' .. reserve
      end
      local old = tonumber(redis.call('HGET', KEYS[1], 'part') or '0')
      for i = 1, old do redis.call('DEL', KEYS[1] .. ':part:' .. i) end
      redis.call('DEL', KEYS[1])
      redis.call('HSET', KEYS[1], 'mint_id', ARGV[1], 'run', ARGV[2], 'state', 'PENDING',
        'part', '1', 'request_id', ARGV[3], 'width', ARGV[4], 'height', ARGV[5], 'fps', ARGV[6],
        'cost', ARGV[7], 'requested_at', ARGV[8], 'updated_at', ARGV[8])
      redis.call('SADD', KEYS[2], ARGV[1])
      redis.call('ZADD', KEYS[3], ARGV[9], ARGV[1])
      local t = redis.call('TIME')
      redis.call('XADD', KEYS[4], '*', 'mint_id', ARGV[1], 'request_id', ARGV[3], 'cost', ARGV[7],
        'queued_ms', tostring(t[1] * 1000 + math.floor(t[2] / 1000)))
      event('recording_started', ARGV[1], ARGV[8], 'to', 'PENDING')
      return 'OK'
      """;

  /**
   * A worker takes a start request it read, in one round trip. KEYS: recording, pending, the
   * worker's recordings set, workers' free capacity, starts. ARGV: request id, worker id, now ms,
   * stream entry id, the worker's free capacity before this start, the start's cost, the spread
   * wait ms, the entry's queued_ms, its bounces, the consumer group. The entry is acknowledged
   * in every case. Answers "stale" when the request was already taken, stopped or replaced;
   * "requeued" when a worker offers clearly more room and the start has waited less than the
   * spread wait (a copy goes to the end of the stream, its bounce counted, its first queued time
   * kept); else the part number, the worker's offered free capacity lowered by the cost at once.
   */
  static final String TAKE = EVENT + """
      redis.call('XACK', KEYS[5], ARGV[10], ARGV[4])
      if redis.call('HGET', KEYS[1], 'request_id') ~= ARGV[1] then return 'stale' end
      local st = redis.call('HGET', KEYS[1], 'state')
      if st ~= 'PENDING' and st ~= 'FAILING_OVER' then return 'stale' end
      if redis.call('HGET', KEYS[1], 'stop_requested') == '1' then return 'stale' end
      local mint = redis.call('HGET', KEYS[1], 'mint_id')
      local free, cost = tonumber(ARGV[5]), tonumber(ARGV[6])
      local t = redis.call('TIME')
      local now = t[1] * 1000 + math.floor(t[2] / 1000)
      local queued = tonumber(ARGV[8]) or 0
      if now - queued < tonumber(ARGV[7]) then
        local top = redis.call('ZREVRANGE', KEYS[4], 0, 0, 'WITHSCORES')
        if top[2] and free + 1e-9 < tonumber(top[2]) - cost / 2 then
          redis.call('XADD', KEYS[5], '*', 'mint_id', mint, 'request_id', ARGV[1], 'cost', ARGV[6],
            'queued_ms', ARGV[8], 'bounces', tostring((tonumber(ARGV[9]) or 0) + 1))
          return 'requeued'
        end
      end
      local part = redis.call('HGET', KEYS[1], 'part')
      redis.call('HSET', KEYS[1], 'state', 'RECORDING', 'worker', ARGV[2], 'updated_at', ARGV[3])
      if not redis.call('HGET', KEYS[1], 'started_at') then
        redis.call('HSET', KEYS[1], 'started_at', ARGV[3])
      end
      redis.call('HSET', KEYS[1] .. ':part:' .. part, 'part', part, 'worker', ARGV[2],
        'state', 'STARTING', 'started_at', ARGV[3])
      redis.call('ZREM', KEYS[2], mint)
      redis.call('SADD', KEYS[3], mint)
      redis.call('ZADD', KEYS[4], 'XX', tostring(free - cost), ARGV[2])
      event('recording_updated', mint, ARGV[3], 'kind', 'state', 'from', st, 'to', 'RECORDING',
        'part', part, 'worker', ARGV[2])
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
  static final String FINISH = EVENT + """
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
      event('recording_ended', mint, ARGV[3], 'from', st, 'to', ARGV[4], 'part', ARGV[2],
        'worker', ARGV[1], 'reason', ARGV[5])
      return 'ok'
      """;

  /**
   * The recording of a dead (or draining) worker moves on. KEYS: recording, active, pending,
   * starts, completions, the worker's recordings set. ARGV: worker, now ms, new request id,
   * deadline ms, "1" if the old part's upload must be completed by someone else, reason, mint.
   * The mint leaves the worker's set in every case. Answers "skip" (not that worker's),
   * "stopped" (a stop was pending: it ends now) or "continued". A janitor sends a batch of these
   * pipelined: each still moves one recording atomically, and a second call for the same
   * recording answers "skip", so no recording moves twice.
   */
  static final String MOVE_ON = EVENT + """
      redis.call('SREM', KEYS[6], ARGV[7])
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
        event('recording_ended', mint, ARGV[2], 'from', st, 'to', 'STOPPED', 'part', tostring(part),
          'worker', ARGV[1], 'reason', ARGV[6])
        return 'stopped'
      end
      redis.call('HSET', KEYS[1], 'state', 'FAILING_OVER', 'part', tostring(part + 1), 'worker', '',
        'request_id', ARGV[3], 'updated_at', ARGV[2], 'reason', ARGV[6])
      redis.call('ZADD', KEYS[3], ARGV[4], mint)
      local t = redis.call('TIME')
      redis.call('XADD', KEYS[4], '*', 'mint_id', mint, 'request_id', ARGV[3],
        'cost', redis.call('HGET', KEYS[1], 'cost'), 'queued_ms', tostring(t[1] * 1000 + math.floor(t[2] / 1000)))
      event('recording_updated', mint, ARGV[2], 'kind', 'failover', 'from', st, 'to', 'FAILING_OVER',
        'part', tostring(part + 1), 'from_worker', ARGV[1], 'reason', ARGV[6])
      return 'continued'
      """;

  /**
   * A front asks for a stop. KEYS: recording, active, pending. ARGV: now ms. Answers the state
   * after the call: STOPPING when a worker must finish, or a final state, or "" when unknown.
   */
  static final String STOP = EVENT + """
      local st = redis.call('HGET', KEYS[1], 'state')
      if not st then return '' end
      if st == 'STOPPED' or st == 'FAILED' or st == 'STOPPING' then return st end
      local mint = redis.call('HGET', KEYS[1], 'mint_id')
      if st == 'RECORDING' then
        redis.call('HSET', KEYS[1], 'stop_requested', '1', 'state', 'STOPPING')
        event('recording_updated', mint, ARGV[1], 'kind', 'state', 'from', st, 'to', 'STOPPING',
          'worker', redis.call('HGET', KEYS[1], 'worker') or '')
        return 'STOPPING'
      end
      local reason = 'stopped before a worker took it'
      if st == 'FAILING_OVER' then reason = 'stopped while its continuation waited for a worker' end
      redis.call('HSET', KEYS[1], 'stop_requested', '1', 'state', 'STOPPED', 'ended_at', ARGV[1],
        'updated_at', ARGV[1], 'reason', reason)
      redis.call('SREM', KEYS[2], mint)
      redis.call('ZREM', KEYS[3], mint)
      event('recording_ended', mint, ARGV[1], 'from', st, 'to', 'STOPPED', 'reason', reason)
      return 'STOPPED'
      """;

  /**
   * No worker took a start in time. KEYS: recording, active, pending. ARGV: now ms, reason, mint.
   * A first part that never started FAILS; a continuation ends the recording as STOPPED, its
   * earlier parts being complete. Answers "skip" (it left the pending set: taken or ended) or the
   * final state.
   */
  static final String EXPIRE = EVENT + """
      local mint = ARGV[3]
      local st = redis.call('HGET', KEYS[1], 'state')
      if st ~= 'PENDING' and st ~= 'FAILING_OVER' then
        redis.call('ZREM', KEYS[3], mint)
        return 'skip'
      end
      local final = 'FAILED'
      if st == 'FAILING_OVER' then final = 'STOPPED' end
      redis.call('HSET', KEYS[1], 'state', final, 'ended_at', ARGV[1], 'updated_at', ARGV[1], 'reason', ARGV[2])
      redis.call('SREM', KEYS[2], mint)
      redis.call('ZREM', KEYS[3], mint)
      event('recording_ended', mint, ARGV[1], 'from', st, 'to', final, 'reason', ARGV[2])
      return final
      """;

  /**
   * A part's recorder died on a worker that goes on: the part ends and the recording continues
   * as the next part on the same worker. KEYS: recording, part. ARGV: worker, part, now ms, part
   * state, bytes, media ms, the part's end ms (when its recorder was seen dead), reason. Answers
   * the new part's number, "stop" when a stop was asked for (the caller then ends the recording),
   * or "lost" when the recording is no longer this worker's part.
   */
  static final String NEXT_PART = EVENT + """
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
      event('recording_updated', redis.call('HGET', KEYS[1], 'mint_id'), ARGV[3], 'kind', 'failover',
        'from', 'RECORDING', 'to', 'RECORDING', 'part', part, 'from_worker', ARGV[1],
        'to_worker', ARGV[1], 'reason', ARGV[8])
      return part
      """;
}
