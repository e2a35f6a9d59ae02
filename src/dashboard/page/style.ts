/* The page's stylesheet, kept as a module so it travels with the compiled code. */

/** Served as `/assets/style.css`. */
export const STYLE_CSS = `:root {
  --fg: #1b1f24;
  --muted: #57606a;
  --bg: #ffffff;
  --panel: #f6f8fa;
  --line: #d0d7de;
  --accent: #0550ae;
  --error-bg: #ffebe9;
  --error-fg: #82071e;
  --ok-bg: #dafbe1;
  --ok-fg: #116329;
  font-family: system-ui, 'DejaVu Sans', 'Liberation Sans', sans-serif;
  color: var(--fg);
  background: var(--bg);
}
body { margin: 0; }
.top {
  display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 2rem;
  padding: 0.75rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--panel);
}
.top h1 { font-size: 1.25rem; margin: 0; }
.store { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; margin: 0; }
.store div { display: flex; gap: 0.4rem; }
.store dt { color: var(--muted); }
.store dd { margin: 0; font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 0.9rem; word-break: break-all; }
.connection { margin: 0 0 0 auto; color: var(--muted); }
main { padding: 0.5rem 1.5rem 2rem; max-width: 1200px; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.5rem; }
figure { margin: 0.5rem 0; }
figcaption { color: var(--muted); font-size: 0.85rem; }
.chart { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); display: block; }
.grid-lines line { stroke: var(--line); stroke-width: 1; }
.grid-lines text { fill: var(--muted); font-size: 11px; }
.legend { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; margin: 0.25rem 0; }
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; margin-right: 0.4rem; vertical-align: -0.05rem; }
table.grid { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
table.grid th, table.grid td { border-bottom: 1px solid var(--line); padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
table.grid thead th { color: var(--muted); font-weight: 600; }
.num { text-align: right !important; font-variant-numeric: tabular-nums; }
.origin { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 0.85rem; word-break: break-all; }
.note { color: var(--muted); }
.banner { padding: 0.6rem 0.8rem; border-radius: 4px; margin: 0.75rem 0; background: var(--panel); border: 1px solid var(--line); }
.banner.error, .banner.conflict { background: var(--error-bg); color: var(--error-fg); border-color: #ff8182; }
.banner.ok { background: var(--ok-bg); color: var(--ok-fg); border-color: #4ac26b; }
fieldset { border: 1px solid var(--line); border-radius: 4px; display: flex; flex-wrap: wrap; align-items: end; gap: 0.5rem 1rem; }
fieldset label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); }
form.shift fieldset { display: grid; grid-template-columns: repeat(4, minmax(8rem, 1fr)) auto; }
form.shift label { grid-row: 1; }
form.shift select, form.shift input { grid-row: 2; }
form.shift button { grid-row: 2; }
input, select, button { font: inherit; padding: 0.3rem 0.5rem; }
button { border: 1px solid var(--line); border-radius: 4px; background: var(--panel); cursor: pointer; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
button:disabled { opacity: 0.55; cursor: not-allowed; }
:focus-visible { outline: 3px solid #fb8f44; outline-offset: 2px; }
.actions-row { display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; }
.plan, .job { border: 2px solid var(--accent); border-radius: 6px; padding: 0 1rem 0.5rem; margin: 0.75rem 0; }
.steps li.done { color: var(--ok-fg); }
.settings { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
.settings div { display: contents; }
.settings dt { color: var(--muted); }
.settings dd { margin: 0; }
pre.extra { background: var(--panel); padding: 0.5rem; overflow: auto; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
