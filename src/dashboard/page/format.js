// Small helpers shared by the page's scripts: building elements (text only,
// never HTML from data) and formatting numbers and times.

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A share (0 to 1) as a percentage with two decimals; a dash for none. */
export function pct(share) {
  return share === null || share === undefined ? '–' : `${(share * 100).toFixed(2)}%`;
}

/** A rate per second, one decimal. */
export function rate(x) {
  return x === null || x === undefined ? '–' : x.toFixed(1);
}

/** A time as the viewer's local date and time. */
export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Colours for cells, in table order: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** The colour of cell number `index`. */
export function colorOf(index) {
  return PALETTE[index % PALETTE.length];
}

/** Replaces a node's children. */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
}
