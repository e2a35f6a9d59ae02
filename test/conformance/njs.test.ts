/**
 * The conformance suite on the njs engine (NGINX njs 0.7.9, the engine CloudFront's
 * runtime appears to derive from). njs must be installed: without it every case
 * fails with "njs is not installed: apt-get install njs"; nothing is skipped.
 * Where njs ends a case differently for a documented reason, the case's
 * `byEngine.njs` pins njs's own outcome (see case.ts).
 */
import { loadFunction } from '../../src/runtime/index.js';
import { runIsolation } from './isolation.js';
import { loaderEngine } from './loader-engine.js';
import { runConformance } from './suite.js';

const njs = loaderEngine('njs', (source, options) => loadFunction(source, { ...options, engine: 'njs' }));
runConformance(njs);
runIsolation(njs);
