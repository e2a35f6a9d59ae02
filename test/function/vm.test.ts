import { runEdgeCases } from './edge-cases.js';
import { runInVm } from './vm-runner.js';

runEdgeCases('node vm', runInVm);
