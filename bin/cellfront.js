#!/usr/bin/env node
// The CLI runs straight from the TypeScript sources: tsx compiles them on load,
// so a fresh clone needs no build step before `npx cellfront`.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every run under Node 20 about SDK releases after January
// 2027; cellfront pins its SDK version, so the notice is noise in CLI output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
