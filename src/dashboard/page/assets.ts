import { readFileSync } from 'node:fs';

/*
 * The page and its scripts are plain files beside this module, served as
 * they are: no build step, nothing fetched from elsewhere. The browser scripts
 * are ES modules (`app.js` imports the others).
 */

/** The files the page loads from `/assets/`, with their content types. */
const ASSETS: Readonly<Record<string, string>> = {
  'style.css': 'text/css; charset=utf-8',
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
  const type = ASSETS[name];
  return type === undefined ? undefined : { type, body: read(name) };
}

/** The page, carrying the token its writes must send back. */
export function pageHtml(token: string): string {
  return read('index.html').replace('{{TOKEN}}', token);
}

/** Every file the page is made of, for packaging checks. */
export const PAGE_FILES: readonly string[] = ['index.html', ...Object.keys(ASSETS)];
