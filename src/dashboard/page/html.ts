/*
 * The page's markup, kept as a module (not a .html file) so it travels with
 * the compiled code: `{{TOKEN}}` is replaced by the server's token.
 */

/** The dashboard page, with `{{TOKEN}}` where the write token goes. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="cellfront-token" content="{{TOKEN}}">
<title>cellfront dashboard</title>
<link rel="stylesheet" href="/assets/style.css">
<script type="module" src="/assets/app.js"></script>
</head>
<body>
<header class="top">
  <h1>cellfront</h1>
  <dl class="store" aria-label="Store">
    <div><dt>Store</dt><dd id="store-arn">…</dd></div>
    <div><dt>ETag</dt><dd id="store-etag">…</dd></div>
    <div><dt>Last change</dt><dd id="store-changed">…</dd></div>
  </dl>
  <p id="connection" class="connection" role="status" aria-live="polite">Connecting…</p>
</header>
<main>
  <div id="store-error" class="banner error" role="alert" hidden></div>
  <noscript><p class="banner error">This page needs JavaScript (served by cellfront itself; nothing is loaded from elsewhere).</p></noscript>

  <section aria-labelledby="traffic-title">
    <h2 id="traffic-title">Traffic by cell</h2>
    <p id="observed-note" class="note"></p>
    <figure>
      <svg id="share-chart" class="chart" role="img" aria-labelledby="share-chart-title share-chart-desc" viewBox="0 0 720 240">
        <title id="share-chart-title">Share of requests by cell (solid) against configured share of keys (dashed), last 5 minutes</title>
        <desc id="share-chart-desc"></desc>
      </svg>
      <figcaption>Share of requests (solid) vs configured share of keys (dashed), last 5 minutes</figcaption>
    </figure>
    <ul id="legend" class="legend" aria-label="Cells in the charts"></ul>
    <figure>
      <svg id="rps-chart" class="chart small" role="img" aria-labelledby="rps-chart-title rps-chart-desc" viewBox="0 0 720 120">
        <title id="rps-chart-title">Requests per second by cell, last 5 minutes</title>
        <desc id="rps-chart-desc"></desc>
      </svg>
      <figcaption>Requests per second by cell</figcaption>
    </figure>
  </section>

  <section aria-labelledby="cells-title">
    <h2 id="cells-title">Cells</h2>
    <table id="cells" class="grid">
      <caption class="visually-hidden">Cells of the live table with configured and observed shares</caption>
      <thead><tr>
        <th scope="col">Cell</th><th scope="col">State</th><th scope="col">Configured</th><th scope="col">Observed</th>
        <th scope="col">Req/s</th><th scope="col">4xx/s</th><th scope="col">5xx/s</th><th scope="col">Pins</th><th scope="col">Origin</th><th scope="col">Actions</th>
      </tr></thead>
      <tbody></tbody>
    </table>
    <p id="table-problem" class="banner error" role="alert" hidden></p>
  </section>

  <section aria-labelledby="change-title">
    <h2 id="change-title">Change routing</h2>
    <form id="shift-form" class="shift" novalidate>
      <fieldset>
        <legend>Shift a cell's share of keys</legend>
        <label for="shift-cell">Cell</label>
        <select id="shift-cell" name="cell" required></select>
        <label for="shift-to">Target share (%)</label>
        <input id="shift-to" name="to" type="number" min="0" max="100" step="0.01" required inputmode="decimal">
        <label for="shift-step">Step (percentage points)</label>
        <input id="shift-step" name="step" type="number" min="0.01" max="100" step="0.01" value="10" inputmode="decimal">
        <label for="shift-interval">Wait between steps (s)</label>
        <input id="shift-interval" name="interval" type="number" min="0" max="3600" step="1" value="30" inputmode="numeric">
        <button type="submit" id="shift-preview">Preview shift</button>
      </fieldset>
    </form>
    <p class="actions-row">
      <button type="button" id="rollback-preview">Preview rollback</button>
      <span id="rollback-note" class="note"></span>
    </p>
    <div id="message" class="banner" role="alert" hidden></div>
    <section id="plan" class="plan" aria-labelledby="plan-title" hidden>
      <h3 id="plan-title" tabindex="-1">Plan</h3>
      <p id="plan-summary"></p>
      <p id="plan-etag" class="note"></p>
      <table id="plan-cells" class="grid">
        <caption class="visually-hidden">Share of keys per cell before and after the change</caption>
        <thead><tr><th scope="col">Cell</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">Moves in</th><th scope="col">Moves out</th></tr></thead>
        <tbody></tbody>
      </table>
      <p id="plan-moved"></p>
      <ol id="plan-steps" class="steps" aria-label="Planned steps"></ol>
      <p class="actions-row">
        <button type="button" id="plan-apply" class="primary">Apply</button>
        <button type="button" id="plan-cancel">Cancel</button>
      </p>
    </section>
    <section id="shift-job" class="job" aria-labelledby="job-title" aria-live="polite" hidden>
      <h3 id="job-title">Shift from this dashboard</h3>
      <p id="job-summary"></p>
      <ol id="job-steps" class="steps" aria-label="Shift steps"></ol>
      <p class="actions-row"><button type="button" id="job-stop">Stop after this step</button></p>
    </section>
  </section>

  <section aria-labelledby="history-title">
    <h2 id="history-title">History</h2>
    <p id="history-running" class="note" aria-live="polite"></p>
    <table id="history" class="grid">
      <caption class="visually-hidden">Changes to the store, newest first</caption>
      <thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Action</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">Via</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>

  <section aria-labelledby="table-title">
    <h2 id="table-title">Live table</h2>
    <dl id="settings" class="settings"></dl>
    <h3>Pins</h3>
    <p id="pins" class="note"></p>
    <div id="extra"></div>
  </section>
</main>
</body>
</html>
`;
