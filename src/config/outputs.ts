import { ConfigError, pointer, type ConfigIssue } from './errors.js';
import { readJsonFile } from './json-file.js';

/**
 * Stack outputs in the `cdk deploy --outputs-file` shape:
 * `{"<StackName>": {"<OutputName>": "<value>"}}`.
 */
export type StackOutputs = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** A named outputs file, read and checked. */
export interface OutputsFile {
  /** The file as the user named it. */
  readonly file: string;
  readonly outputs: StackOutputs;
}

/**
 * Reads a stack outputs file. Throws `ConfigError` (`file-not-found`,
 * `not-json`, `outputs-invalid`) naming the file and the JSON pointer.
 */
export async function readOutputsFile(file: string, cwd: string): Promise<OutputsFile> {
  const document = await readJsonFile(file, cwd);
  const shape = 'must be {"<StackName>": {"<OutputName>": "<value>"}}, as written by `cdk deploy --outputs-file`';
  if (!isRecord(document)) throw new ConfigError('outputs-invalid', [{ file, pointer: '', message: shape }]);
  const issues: ConfigIssue[] = [];
  const outputs: Record<string, Record<string, string>> = {};
  for (const [stack, values] of Object.entries(document)) {
    if (!isRecord(values)) {
      issues.push({ file, pointer: pointer(stack), message: `must be an object of outputs; ${shape}` });
      continue;
    }
    outputs[stack] = {};
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string' || typeof value === 'number') (outputs[stack] as Record<string, string>)[name] = String(value);
      else issues.push({ file, pointer: pointer(stack, name), message: 'must be a string' });
    }
  }
  if (issues.length > 0) throw new ConfigError('outputs-invalid', issues);
  return { file, outputs };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const REFERENCE = /\$\{([^}]*)\}/g;

/**
 * Replaces `${Output}` and `${Stack.Output}` in `text` with stack output values.
 * Returns the text, or a message saying what could not be resolved.
 *
 * @example resolveReferences('${ApiUrl}', { file: 'out.json', outputs: { Api: { ApiUrl: 'https://x' } } }) // { value: 'https://x' }
 */
export function resolveReferences(text: string, outputs: OutputsFile | undefined): { value: string } | { problem: string } {
  if (text.replace(REFERENCE, '').includes('${')) return { problem: 'has an unterminated "${" (write ${OutputName})' };
  const problems: string[] = [];
  const value = text.replace(REFERENCE, (_match, name: string) => {
    const found = lookUp(name.trim(), outputs);
    if ('problem' in found) problems.push(found.problem);
    return 'value' in found ? found.value : '';
  });
  return problems.length > 0 ? { problem: problems.join('; ') } : { value };
}

function lookUp(name: string, file: OutputsFile | undefined): { value: string } | { problem: string } {
  if (!file) {
    return {
      problem: `references the stack output "${name}", but no outputs file was given: pass --outputs-file FILE (the JSON \`cdk deploy --outputs-file\` writes, or .cellfront/outputs.json while \`cellfront dev\` runs)`,
    };
  }
  const stacks = file.outputs;
  const dot = name.indexOf('.');
  if (dot > 0 && stacks[name.slice(0, dot)]) {
    const value = stacks[name.slice(0, dot)]?.[name.slice(dot + 1)];
    if (value !== undefined) return { value };
  }
  const holders = Object.keys(stacks).filter((stack) => stacks[stack]?.[name] !== undefined);
  const values = new Set(holders.map((stack) => stacks[stack]?.[name]));
  if (holders.length === 0) {
    const known = Object.entries(stacks).flatMap(([stack, values]) => Object.keys(values).map((o) => `${stack}.${o}`));
    return { problem: `the stack output "${name}" is not in ${file.file} (outputs: ${known.length > 0 ? known.join(', ') : 'none'})` };
  }
  if (values.size > 1) {
    return { problem: `"${name}" is an output of several stacks (${holders.join(', ')}); write \${${holders[0]}.${name}}` };
  }
  return { value: stacks[holders[0] as string]?.[name] as string };
}
