// A file the system refuses (a directory where a file goes, a path through a
// file, an empty file flag) is one line on stderr and exit 1 (2 for the
// command line), never a Node stack trace: real processes, real files.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, runProcess } from '../support/dev-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cellfront-files-'));
  await mkdir(join(dir, 'folder'));
  await writeFile(join(dir, 'plain'), 'a regular file\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runProcess(process.execPath, [cliPath, ...args], {}, { cwd: dir });

describe('cellfront build --out', () => {
  it('a directory: cannot write, it is a directory (exit 1)', async () => {
    const r = await cli('build', '--out', join(dir, 'folder'));
    expect(r.stderr).toBe(`cellfront build: cannot write --out ${join(dir, 'folder')}: it is a directory\n`);
    expect(r.code).toBe(1);
  });

  it('a path through a regular file: names the file in the way, as the path was given (exit 1)', async () => {
    const relative = await cli('build', '--out', 'plain/x.js');
    expect(relative.stderr).toBe('cellfront build: cannot write --out plain/x.js: plain is a file, not a directory\n');
    expect(relative.code).toBe(1);
    const absolute = await cli('build', '--out', join(dir, 'plain', 'deeper', 'x.js'));
    expect(absolute.stderr).toBe(`cellfront build: cannot write --out ${join(dir, 'plain', 'deeper', 'x.js')}: ${join(dir, 'plain')} is a file, not a directory\n`);
    expect(absolute.code).toBe(1);
  });
});
