import { loadFunction } from '../../src/runtime/index.js';
import { runIsolation } from './isolation.js';
import { loaderEngine } from './loader-engine.js';
import { runConformance } from './suite.js';

const vm = loaderEngine('vm', (source, options) => loadFunction(source, options));
runConformance(vm);
runIsolation(vm);
