// liverec's status page: polls the recording API once a second and draws what it answers.
// Plain JS, no build step, no external resources. Requests carry the browser's credentials for
// this server (HTTP Basic with the token as password when serve has --token).
(function () {
  'use strict';
  const PERIOD_MS = 1000;
  const HISTORY = 300;               // points per chart: five minutes
  const rows = new Map();            // mint_id -> {tr, cells, canvas, series, status}
  const body = document.getElementById('recordings');
  const errorBox = document.getElementById('error');
  let updates = 0;

  async function call(path, payload) {
    const options = payload === undefined ? {} : {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(payload)
    };
    const response = await fetch(path, Object.assign({credentials: 'same-origin', cache: 'no-store'}, options));
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(path + ': ' + response.status + ' ' + (json.reason || response.statusText));
    }
    return json;
  }

  function mb(bytes) {
    return (bytes / 1048576).toFixed(1) + ' MB';
  }

  function cell(tr, name) {
    const td = document.createElement('td');
    td.className = name;
    tr.appendChild(td);
    return td;
  }

  function rowFor(id) {
    let row = rows.get(id);
    if (row) {
      return row;
    }
    const tr = document.createElement('tr');
    tr.dataset.mint = id;
    const cells = {};
    for (const name of ['id', 'state', 'size', 'media', 'frames', 'packets', 'zero', 'drops', 'memory']) {
      cells[name] = cell(tr, name);
    }
    cells.id.textContent = id;
    const canvas = document.createElement('canvas');
    canvas.className = 'chart';
    canvas.width = 240;
    canvas.height = 60;
    cell(tr, 'chart').appendChild(canvas);
    const action = cell(tr, 'action');
    const stop = document.createElement('button');
    stop.className = 'stop';
    stop.textContent = 'Stop';
    stop.addEventListener('click', () => {
      stop.disabled = true;
      call('/api/recording/stop', {mint_id: id}).then(refresh).catch(show);
    });
    action.appendChild(stop);
    body.appendChild(tr);
    row = {tr, cells, canvas, stop, action, series: [], status: null, player: null};
    rows.set(id, row);
    return row;
  }

  function setValue(td, value, text) {
    td.dataset.value = String(value);
    td.textContent = text;
  }

  function render(row, status, memory) {
    const s = status.stats;
    row.status = status;
    row.cells.state.textContent = status.state + (status.degraded ? ' (degraded)' : '');
    row.cells.state.className = 'state ' + status.state;
    row.tr.dataset.state = status.state;
    setValue(row.cells.size, status.file_size, mb(status.file_size));
    setValue(row.cells.media, s.media_duration_ms, (s.media_duration_ms / 1000).toFixed(1) + ' s');
    setValue(row.cells.frames, s.video_frames_written, s.video_frames_written + ' / ' + s.video_frames_received);
    setValue(row.cells.packets, s.packets_written, String(s.packets_written));
    setValue(row.cells.zero, s.zero_packet_streak, String(s.zero_packet_streak));
    const drops = s.frames_dropped_backpressure + s.audio_frames_dropped;
    setValue(row.cells.drops, drops, String(drops));
    const final = status.state === 'stopped' || status.state === 'failed';
    if (!final) {
      setValue(row.cells.memory, memory, mb(memory));
      row.series.push({size: status.file_size, memory: memory});
      if (row.series.length > HISTORY) {
        row.series.shift();
      }
    }
    draw(row.canvas, row.series);
    if (final && !row.player) {
      row.stop.remove();
      const video = document.createElement('video');
      video.className = 'player';
      video.controls = true;
      video.preload = 'metadata';
      video.src = '/files/' + encodeURIComponent(status.output_path.split('/').pop());
      row.action.appendChild(video);
      row.player = video;
    }
  }

  function draw(canvas, series) {
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    g.fillStyle = '#fafafa';
    g.fillRect(0, 0, canvas.width, canvas.height);
    if (series.length === 0) {
      return;
    }
    line(g, canvas, series.map(p => p.size), '#1565c0');
    line(g, canvas, series.map(p => p.memory), '#ef6c00');
  }

  function line(g, canvas, values, colour) {
    const max = Math.max(1, ...values);
    const step = canvas.width / Math.max(1, HISTORY - 1);
    g.strokeStyle = colour;
    g.lineWidth = 2;
    g.beginPath();
    values.forEach((v, i) => {
      const x = values.length === 1 ? canvas.width / 2 : i * step;
      const y = canvas.height - 3 - (v / max) * (canvas.height - 6);
      if (i === 0) {
        g.moveTo(x, y);
      } else {
        g.lineTo(x, y);
      }
    });
    if (values.length === 1) {
      g.lineTo(canvas.width / 2 + 1, canvas.height - 3 - (canvas.height - 6));
    }
    g.stroke();
  }

  function show(error) {
    errorBox.textContent = String(error.message || error);
  }

  async function refresh() {
    const [active, memory] = await Promise.all([
      call('/api/recording/active'), call('/api/server/memory')]);
    document.getElementById('server').textContent = active.count + ' recording(s) running; server memory '
      + mb(memory.rss_bytes) + ' resident, ' + mb(memory.heap_used_bytes) + ' Java heap in use';
    const running = new Set();
    for (const status of active.recordings) {
      running.add(status.mint_id);
      render(rowFor(status.mint_id), status, memory.rss_bytes);
    }
    // Recordings that left the active list: their final status, once.
    for (const [id, row] of rows) {
      if (!running.has(id) && row.status && row.status.state !== 'stopped' && row.status.state !== 'failed') {
        const status = await call('/api/recording/status/' + encodeURIComponent(id));
        render(row, status, memory.rss_bytes);
      }
    }
    errorBox.textContent = '';
    updates++;
    document.body.dataset.updates = String(updates);
  }

  async function loop() {
    try {
      await refresh();
    } catch (error) {
      show(error);
    }
    setTimeout(loop, PERIOD_MS);
  }

  document.getElementById('start-form').addEventListener('submit', event => {
    event.preventDefault();
    const id = document.getElementById('mint').value;
    call('/api/recording/start', {mint_id: id}).then(refresh).catch(show);
  });

  loop();
})();
