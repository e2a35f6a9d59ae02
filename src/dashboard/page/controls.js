// The page's controls: every change is previewed first (what moves, at which
// ETag), then applied with that ETag. A change made elsewhere in between is a
// conflict the page shows; nothing is written over it.
import { el, fill, pct } from './format.js';

const $ = (id) => document.getElementById(id);
const token = document.querySelector('meta[name="cellfront-token"]').content;

/** POSTs JSON to the dashboard; resolves with { ok, status, body }. */
async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cellfront-token': token },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  let json;
  try {
    json = await res.json();
  } catch {
    json = { message: `the dashboard answered ${res.status}` };
  }
  return { ok: res.ok, status: res.status, body: json };
}

/** Shows a message for the user; errors are announced at once (role="alert"). */
export function say(kind, text) {
  const box = $('message');
  box.hidden = false;
  box.className = `banner ${kind}`;
  box.dataset.kind = kind;
  box.textContent = text;
}

function quiet() {
  const box = $('message');
  box.hidden = true;
  box.textContent = '';
  delete box.dataset.kind;
}

let shown = null;

function showPlan(preview) {
  shown = preview;
  $('plan').hidden = false;
  $('plan-title').textContent = `Plan: ${preview.summary.split(':')[0]}`;
  $('plan-summary').textContent = preview.summary;
  $('plan-etag').textContent = `Computed at ETag ${preview.etag}. Applying writes only if the store is still there.`;
  fill(
    $('plan-cells').tBodies[0],
    preview.cells.map((c) =>
      el('tr', { 'data-cell': c.id }, el('th', { scope: 'row' }, c.id), el('td', { class: 'num' }, pct(c.before)), el('td', { class: 'num after' }, pct(c.after)), el('td', { class: 'num' }, pct(c.movesIn)), el('td', { class: 'num' }, pct(c.movesOut))),
    ),
  );
  $('plan-moved').textContent = `${pct(preview.movedShare)} of keys move to another cell.`;
  const steps = preview.steps ?? [];
  const request = preview.request;
  fill(
    $('plan-steps'),
    steps.map((share, i) => el('li', {}, `${request.cell} at ${pct(share)}${i < steps.length - 1 ? `, then wait ${request.intervalSeconds} s` : ''}`)),
  );
  $('plan-steps').hidden = steps.length === 0;
  $('plan-apply').disabled = preview.movedShare === 0 && request.action !== 'rollback';
  $('plan-title').focus();
}

function hidePlan() {
  shown = null;
  $('plan').hidden = true;
}

async function preview(request) {
  quiet();
  const r = await post('/api/preview', request);
  if (!r.ok) {
    hidePlan();
    say('error', `Cannot plan that: ${r.body.message}`);
    return;
  }
  showPlan(r.body);
}

async function apply() {
  if (!shown) return;
  const plan = shown;
  $('plan-apply').disabled = true;
  const r = await post('/api/apply', { ...plan.request, etag: plan.etag, planned: plan.steps ?? [] });
  hidePlan();
  if (r.ok) {
    say('ok', plan.request.action === 'shift' ? `Shift started: ${plan.summary}.` : `Applied: ${plan.summary}. The store is at ETag ${r.body.etag}.`);
    return;
  }
  if (r.body.code === 'conflict') {
    say('conflict', `Conflict: the store changed since this plan was made, so nothing was written and the other change stays. ${r.body.message}. Review the table and preview again.`);
    return;
  }
  say('error', `Not applied: ${r.body.message}`);
}

/** Wires the forms and buttons. */
export function setupControls() {
  $('shift-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const to = $('shift-to').value.trim();
    if (to === '') {
      say('error', 'Give the target share in percent, 0 to 100.');
      $('shift-to').focus();
      return;
    }
    void preview({ action: 'shift', cell: $('shift-cell').value, to, step: $('shift-step').value || '10', intervalSeconds: $('shift-interval').value || '0' });
  });
  $('rollback-preview').addEventListener('click', () => void preview({ action: 'rollback' }));
  $('cells').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (button) void preview({ action: button.dataset.action, cell: button.dataset.cell });
  });
  $('plan-apply').addEventListener('click', () => void apply());
  $('plan-cancel').addEventListener('click', () => {
    hidePlan();
    $('shift-preview').focus();
  });
  $('job-stop').addEventListener('click', async () => {
    const r = await post('/api/shift/stop', {});
    say(r.ok ? 'ok' : 'error', r.ok ? 'The shift stops after the step under way.' : `Cannot stop: ${r.body.message}`);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && shown) hidePlan();
  });
}
