// The dashboard page: one stream of server-sent events keeps the state, and
// every event redraws what it changed.
import { setupControls } from './controls.js';
import { renderJob, renderStore, renderTraffic } from './render.js';

/** Points the page keeps: five minutes at one a second. */
const KEEP = 300;
const state = { store: null, error: null, observed: null, samples: [], shift: null };
const connection = document.getElementById('connection');

function connect() {
  const source = new EventSource('/api/events');
  source.addEventListener('open', () => (connection.textContent = 'Live'));
  source.addEventListener('error', () => (connection.textContent = 'Connection lost; reconnecting…'));
  source.addEventListener('state', (event) => {
    Object.assign(state, JSON.parse(event.data));
    renderStore(state);
    renderJob(state);
  });
  source.addEventListener('store', (event) => {
    const data = JSON.parse(event.data);
    state.store = data.store;
    state.error = data.error;
    renderStore(state);
  });
  source.addEventListener('sample', (event) => {
    const data = JSON.parse(event.data);
    state.samples.push(data.sample);
    if (state.samples.length > KEEP) state.samples.shift();
    state.observed = data.observed;
    renderTraffic(state);
  });
  source.addEventListener('shift', (event) => {
    state.shift = JSON.parse(event.data);
    renderJob(state);
  });
}

setupControls();
connect();
