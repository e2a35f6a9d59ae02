import { loadFunction } from '../../src/runtime/index.js';
import { loaderEngine } from './loader-engine.js';
import { runConformance } from './suite.js';

runConformance(loaderEngine('vm', (source, options) => loadFunction(source, options)));
