import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readOutputsFile, resolveReferences, type OutputsFile } from '../../src/config/index.js';
import { ISSUE_CONFIG, tempFiles } from './support.js';

const outputs: OutputsFile = {
  file: 'outputs.json',
  outputs: {
    Api: { Url: 'https://api.example.com', Shared: 'https://one.example.com' },
    Web: { Shared: 'https://two.example.com', Same: 'x' },
    Other: { Same: 'x' },
  },
};

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('resolveReferences', () => {
  it('replaces ${Output} and ${Stack.Output}', () => {
    expect(resolveReferences('${Url}/prod', outputs)).toEqual({ value: 'https://api.example.com/prod' });
    expect(resolveReferences('${Web.Shared}', outputs)).toEqual({ value: 'https://two.example.com' });
    expect(resolveReferences('https://plain.example.com', undefined)).toEqual({ value: 'https://plain.example.com' });
  });

  it('accepts a name several stacks give the same value', () => {
    expect(resolveReferences('${Same}', outputs)).toEqual({ value: 'x' });
  });

  it('explains what cannot be resolved', () => {
    expect(resolveReferences('${Shared}', outputs)).toEqual({
      problem: '"Shared" is an output of several stacks (Api, Web); write ${Api.Shared}',
    });
    expect(resolveReferences('${Nope}', outputs)).toEqual({
      problem: 'the stack output "Nope" is not in outputs.json (outputs: Api.Url, Api.Shared, Web.Shared, Web.Same, Other.Same)',
    });
    expect(resolveReferences('${Url}', undefined)).toEqual({
      problem: 'references the stack output "Url", but no outputs file was given: pass --outputs-file FILE (the JSON `cdk deploy --outputs-file` writes, or .cellfront/outputs.json while `cellfront dev` runs)',
    });
    expect(resolveReferences('${Url', outputs)).toEqual({ problem: 'has an unterminated "${" (write ${OutputName})' });
  });
});

describe('readOutputsFile', () => {
  it('reads the cdk deploy --outputs-file format', async () => {
    const files = await tempFiles({ 'o.json': { S: { A: 'a', N: 5 } } });
    cleanup = files.cleanup;
    expect(await readOutputsFile('o.json', files.dir)).toEqual({ file: 'o.json', outputs: { S: { A: 'a', N: '5' } } });
  });

  it('names the outputs file and pointer when its shape is wrong', async () => {
    const files = await tempFiles({ 'o.json': { S: { A: ['x'] }, T: 'flat' }, 'arr.json': [1] });
    cleanup = files.cleanup;
    await expect(readOutputsFile('o.json', files.dir)).rejects.toThrow(
      'o.json#/S/A: must be a string\no.json#/T: must be an object of outputs; must be {"<StackName>": {"<OutputName>": "<value>"}}, as written by `cdk deploy --outputs-file`',
    );
    await expect(readOutputsFile('arr.json', files.dir)).rejects.toMatchObject({ code: 'outputs-invalid' });
  });

  it('is only read when the config is valid', async () => {
    const files = await tempFiles({ 'cellfront.config.json': { ...ISSUE_CONFIG, mode: 'nope' } });
    cleanup = files.cleanup;
    const error = await loadConfig('cellfront.config.json', { cwd: files.dir, outputsFile: 'missing.json' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('config-invalid');
  });

  it('names a missing outputs file', async () => {
    const files = await tempFiles({ 'cellfront.config.json': ISSUE_CONFIG });
    cleanup = files.cleanup;
    await expect(loadConfig('cellfront.config.json', { cwd: files.dir, outputsFile: 'missing.json' })).rejects.toMatchObject({
      code: 'file-not-found',
      message: 'missing.json: no such file',
    });
  });
});
