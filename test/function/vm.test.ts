import { runEdgeCases } from './edge-cases.js';
import { runTableCases } from './table-cases.js';
import { runBatchInVm } from './vm-runner.js';

runEdgeCases('node vm', runBatchInVm);
runTableCases('node vm', runBatchInVm);
