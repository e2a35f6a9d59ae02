// Line charts in plain SVG: time on x (the last five minutes), a value on y.
// Each series is one <path> carrying its cell, its kind and its last value
// (data-last), so what the chart shows can be read back as text.

const NS = 'http://www.w3.org/2000/svg';
/** The time the charts cover, in milliseconds. */
export const SPAN_MS = 5 * 60 * 1000;

function svgEl(tag, attrs = {}) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

/** A round upper bound for a rate axis: 1, 2, 5, 10, 20, 50, ... */
export function niceMax(x) {
  if (!(x > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * power >= x) return m * power;
  return 10 * power;
}

/**
 * Draws `series` into `svg` (its <title> and <desc> are kept). A series is
 * { cell, kind, color, dashed, points: [{ t, v }] } with v null for a gap.
 * `yMax` is the top of the axis; `format` labels the axis ticks.
 */
export function drawChart(svg, { series, now, yMax, format, ticks }) {
  const [, , width, height] = svg.getAttribute('viewBox').split(' ').map(Number);
  const left = 52;
  const right = 8;
  const top = 8;
  const bottom = 22;
  const x = (t) => left + ((t - (now - SPAN_MS)) / SPAN_MS) * (width - left - right);
  const y = (v) => top + (1 - v / yMax) * (height - top - bottom);
  for (const node of [...svg.childNodes]) if (node.nodeName !== 'title' && node.nodeName !== 'desc') node.remove();

  const grid = svgEl('g', { class: 'grid-lines', 'aria-hidden': 'true' });
  for (const v of ticks) {
    grid.append(svgEl('line', { x1: left, x2: width - right, y1: y(v), y2: y(v) }));
    const label = svgEl('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' });
    label.textContent = format(v);
    grid.append(label);
  }
  for (const minutes of [5, 4, 3, 2, 1, 0]) {
    const label = svgEl('text', { x: x(now - minutes * 60000), y: height - 6, 'text-anchor': minutes === 0 ? 'end' : 'middle' });
    label.textContent = minutes === 0 ? 'now' : `-${minutes}m`;
    grid.append(label);
  }
  svg.append(grid);

  for (const s of series) {
    let d = '';
    let pen = false;
    let last = null;
    for (const p of s.points) {
      if (p.t < now - SPAN_MS || p.v === null || p.v === undefined) {
        pen = false;
        continue;
      }
      const px = x(p.t).toFixed(1);
      const py = y(Math.min(p.v, yMax)).toFixed(1);
      d += `${pen ? 'L' : 'M'}${px},${py}`;
      pen = true;
      last = p.v;
    }
    const path = svgEl('path', {
      d: d || 'M0,0',
      fill: 'none',
      stroke: s.color,
      'stroke-width': s.dashed ? 2 : 2.5,
      class: `series ${s.kind}`,
      'data-cell': s.cell,
      'data-kind': s.kind,
      'data-last': last === null ? '' : s.lastText(last),
      'vector-effect': 'non-scaling-stroke',
    });
    if (s.dashed) path.setAttribute('stroke-dasharray', '6 4');
    if (!d) path.setAttribute('visibility', 'hidden');
    svg.append(path);
  }
}
