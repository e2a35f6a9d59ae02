import { readFileSync } from 'node:fs';
import { PAGE_HTML } from './html.js';
import { STYLE_CSS } from './style.js';

/*
 * The page's scripts are plain ES modules beside this module (`app.js`
 * imports the others), served as they are: no build step, nothing fetched
 * from elsewhere. The markup and the stylesheet are TypeScript modules
 * exporting strings, so they are compiled along with the server.
 */

/** The files the page loads from `/assets/`, with their content types. */
const ASSETS: Readonly<Record<string, string>> = {
  'app.js': 'text/javascript; charset=utf-8',
  'chart.js': 'text/javascript; charset=utf-8',
  'render.js': 'text/javascript; charset=utf-8',
  'format.js': 'text/javascript; charset=utf-8',
  'controls.js': 'text/javascript; charset=utf-8',
};

const cache = new Map<string, string>();

function read(name: string): string {
  let body = cache.get(name);
  if (body === undefined) {
    body = readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
    cache.set(name, body);
  }
  return body;
}

/** An asset by file name, or `undefined` for any name not listed. */
export function pageAsset(name: string): { type: string; body: string } | undefined {
  if (name === 'style.css') return { type: 'text/css; charset=utf-8', body: STYLE_CSS };
  const type = ASSETS[name];
  return type === undefined ? undefined : { type, body: read(name) };
}

/** The page, carrying the token its writes must send back. */
export function pageHtml(token: string): string {
  return PAGE_HTML.replace('{{TOKEN}}', token);
}

/** The script files the page is made of (read from beside this module), for packaging checks. */
export const PAGE_SCRIPT_FILES: readonly string[] = Object.keys(ASSETS);
