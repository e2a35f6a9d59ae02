#!/usr/bin/env node
// The CLI runs straight from the TypeScript sources: tsx compiles them on load,
// so a fresh clone needs no build step before `npx cellfront`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
