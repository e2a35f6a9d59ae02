// Turns the dashboard's state into the page: header, cells, charts, history,
// table settings. Rows are rebuilt only when the store changes, so a button a
// keyboard user is on keeps its focus while the numbers tick.
import { drawChart, niceMax } from './chart.js';
import { colorOf, el, fill, pct, rate, when } from './format.js';

const $ = (id) => document.getElementById(id);

/** Cell ids in table order, with any cell seen only in the counters after them. */
function cellIds(state) {
  const ids = (state.store?.table?.cells ?? []).map((c) => c.id);
  const last = state.samples.at(-1);
  for (const id of Object.keys(last?.cells ?? {})) if (!ids.includes(id)) ids.push(id);
  return ids;
}

/** The store: header, cells table, history, settings. */
export function renderStore(state) {
  const store = state.store;
  $('store-arn').textContent = store?.arn ?? '–';
  $('store-etag').textContent = store?.etag ?? '–';
  $('store-changed').textContent = when(store?.lastModified);
  const error = $('store-error');
  error.hidden = !state.error;
  error.textContent = state.error ? `The store cannot be read: ${state.error}` : '';

  const table = store?.table;
  const problem = $('table-problem');
  problem.hidden = !store || Boolean(table);
  problem.textContent = !store || table ? '' : store.tableProblem ? `The live table is not usable: ${store.tableProblem}` : 'The store holds no routing table yet; write one with `cellfront apply`.';

  const ids = cellIds(state);
  fill(
    $('cells').tBodies[0],
    (table?.cells ?? []).map((c) =>
      el(
        'tr',
        { 'data-cell': c.id },
        el('th', { scope: 'row' }, el('span', { class: 'swatch', style: undefined, 'data-color': ids.indexOf(c.id) }), c.id),
        el('td', { class: 'state' }, c.drained ? 'Drained' : 'Active'),
        el('td', { class: 'configured num' }, pct(c.share)),
        el('td', { class: 'observed num' }, '–'),
        el('td', { class: 'rps num' }, '–'),
        el('td', { class: 'e4xx num' }, '–'),
        el('td', { class: 'e5xx num' }, '–'),
        el('td', { class: 'pins num' }, String(c.pins)),
        el('td', { class: 'origin' }, c.origin, c.extra ? el('span', { class: 'note' }, ` ${JSON.stringify(c.extra)}`) : null),
        el(
          'td',
          {},
          el(
            'button',
            { type: 'button', class: 'drain', 'data-action': c.drained ? 'undrain' : 'drain', 'data-cell': c.id, 'aria-label': `${c.drained ? 'Preview undrain of' : 'Preview drain of'} ${c.id}` },
            c.drained ? 'Undrain…' : 'Drain…',
          ),
        ),
      ),
    ),
  );
  for (const swatch of document.querySelectorAll('.swatch')) swatch.style.background = colorOf(Number(swatch.dataset.color));

  const select = $('shift-cell');
  const chosen = select.value;
  fill(select, (table?.cells ?? []).filter((c) => !c.drained).map((c) => el('option', { value: c.id }, c.id)));
  if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;

  $('rollback-preview').disabled = !store?.previous;
  $('rollback-note').textContent = store?.previous ? 'Puts the previous table back (the one the last change replaced).' : 'No previous table is kept, so there is nothing to roll back to.';

  renderHistory(store?.history ?? []);
  renderSettings(store);
  renderTraffic(state);
}

function renderHistory(history) {
  fill(
    $('history').tBodies[0],
    history.length === 0
      ? [el('tr', {}, el('td', { colspan: 6 }, 'No changes recorded yet.'))]
      : history.map((h) =>
          el(
            'tr',
            { 'data-seq': h.seq, 'data-action': h.action },
            el('td', { class: 'num' }, String(h.seq)),
            el('td', {}, el('time', { datetime: h.at }, when(h.at))),
            el('td', {}, h.action),
            el('td', {}, h.what, h.shift ? ` (step ${h.shift.step} of ${h.shift.of}, ${h.shift.state})` : ''),
            el('td', {}, h.by),
            el('td', {}, h.via),
          ),
        ),
  );
  const newest = history[0];
  $('history-running').textContent =
    newest?.shift?.state === 'running'
      ? `Shift in progress: ${newest.what}, step ${newest.shift.step} of ${newest.shift.of}, by ${newest.by} via ${newest.via} (last step at ${when(newest.at)}).`
      : '';
}

function renderSettings(store) {
  const table = store?.table;
  const rows = table
    ? [
        ['Table size', `${table.bytes} bytes, ${table.runs} runs`],
        ...Object.entries(table.settings),
        ['Store', `${store.itemCount} keys, ${store.totalBytes} bytes`],
      ]
    : [];
  fill($('settings'), rows.map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', {}, v))));
  const pins = store?.pins;
  $('pins').textContent = !pins || pins.count === 0 ? 'No pins.' : `${pins.count} pinned key${pins.count === 1 ? '' : 's'}: ${pins.shown.map(([k, c]) => `${k} → ${c}`).join(', ')}${pins.count > pins.shown.length ? ', …' : ''}`;
  const extra = table?.extra ?? {};
  fill(
    $('extra'),
    Object.keys(extra).length === 0
      ? []
      : [el('h3', {}, 'Pools and rules'), el('pre', { class: 'extra' }, JSON.stringify(extra, null, 2))],
  );
}

/** The charts, the observed columns and the note on where observed shares come from. */
export function renderTraffic(state) {
  const ids = cellIds(state);
  const now = Date.now();
  const samples = state.samples;
  const observed = state.observed;
  $('observed-note').textContent = !observed
    ? ''
    : observed.edge === null
      ? observed.reason
      : observed.error
        ? `Observed shares unavailable: ${observed.error}`
        : `Observed: requests counted by the local edge at ${observed.edge}, over the last 3 seconds at each point.`;

  const series = [];
  ids.forEach((id, i) => {
    const color = colorOf(i);
    series.push({ cell: id, kind: 'configured', color, dashed: true, lastText: pct, points: samples.map((s) => ({ t: s.t, v: s.cells[id]?.configured ?? null })) });
    series.push({ cell: id, kind: 'observed', color, dashed: false, lastText: pct, points: samples.map((s) => ({ t: s.t, v: s.cells[id]?.observed ?? null })) });
  });
  drawChart($('share-chart'), { series, now, yMax: 1, ticks: [0, 0.25, 0.5, 0.75, 1], format: (v) => `${Math.round(v * 100)}%` });
  const last = samples.at(-1);
  $('share-chart-desc').textContent = ids.map((id) => `${id}: observed ${pct(last?.cells[id]?.observed)}, configured ${pct(last?.cells[id]?.configured)}`).join('; ');

  const peak = niceMax(Math.max(0, ...samples.flatMap((s) => Object.values(s.cells).map((c) => c.rps))));
  const rpsSeries = ids.map((id, i) => ({ cell: id, kind: 'rps', color: colorOf(i), dashed: false, lastText: rate, points: samples.map((s) => ({ t: s.t, v: s.cells[id]?.rps ?? null })) }));
  drawChart($('rps-chart'), { series: rpsSeries, now, yMax: peak, ticks: [0, peak / 2, peak], format: (v) => `${Number(v.toFixed(1))}/s` });
  $('rps-chart-desc').textContent = ids.map((id) => `${id}: ${rate(last?.cells[id]?.rps)} requests per second`).join('; ');

  fill(
    $('legend'),
    ids.map((id, i) => el('li', {}, el('span', { class: 'swatch', 'data-color': i }), id)),
  );
  for (const swatch of $('legend').querySelectorAll('.swatch')) swatch.style.background = colorOf(Number(swatch.dataset.color));

  for (const row of $('cells').tBodies[0].rows) {
    const point = last?.cells[row.dataset.cell];
    row.querySelector('.observed').textContent = observed?.edge === null ? 'no source' : pct(point?.observed);
    row.querySelector('.rps').textContent = observed?.edge === null ? '–' : rate(point?.rps);
    row.querySelector('.e4xx').textContent = observed?.edge === null ? '–' : rate(point?.e4xx);
    row.querySelector('.e5xx').textContent = observed?.edge === null ? '–' : rate(point?.e5xx);
  }
}

/** The shift this dashboard runs, step by step. */
export function renderJob(state) {
  const job = state.shift;
  const box = $('shift-job');
  box.hidden = !job;
  if (!job) return;
  const states = { running: 'running', done: 'done', unchanged: 'nothing to do', interrupted: 'stopped', aborted: 'aborted and rolled back', failed: 'failed' };
  $('job-summary').textContent = `${job.cell} to ${pct(job.to)}: ${states[job.state] ?? job.state}, ${job.steps.length} of ${job.planned.length || job.steps.length} steps written${job.nextStepAt ? `; next step at ${when(job.nextStepAt)}` : ''}${job.error ? `. ${job.error}` : ''}.`;
  fill(
    $('job-steps'),
    (job.planned.length > 0 ? job.planned : job.steps.map((s) => s.share)).map((share, i) => {
      const done = job.steps[i];
      return el('li', { class: done ? 'done' : 'todo' }, `${pct(share)} `, done ? `written at ${when(done.at)} (ETag ${done.etag})` : 'pending');
    }),
  );
  $('job-stop').disabled = job.state !== 'running';
}
