import type { Command } from '../command.js';
import { buildCommand } from './build.js';
import { checkFunctionCommand } from './check-function.js';
import { compileCommand } from './compile.js';
import { devCommand } from './dev.js';
import { kvsCommand } from './kvs.js';
import { simulateCommand } from './simulate.js';
import { testFunctionCommand } from './test-function.js';
import { validateCommand } from './validate.js';
import { planCommand } from './plan.js';
import { applyCommand } from './apply.js';
import { statusCommand } from './status.js';
import { shiftCommand } from './shift.js';
import { rollbackCommand } from './rollback.js';
import { pinCommand } from './pin.js';
import { unpinCommand } from './unpin.js';
import { drainCommand } from './drain.js';
import { undrainCommand } from './undrain.js';
import { dashboardCommand } from './dashboard.js';

/** Every top-level command, in the order `cellfront --help` lists them. */
export const commands: readonly Command[] = [
  devCommand,
  kvsCommand,
  checkFunctionCommand,
  testFunctionCommand,
  buildCommand,
  compileCommand,
  simulateCommand,
  // The control plane: change routing in the live store.
  validateCommand,
  planCommand,
  applyCommand,
  statusCommand,
  shiftCommand,
  rollbackCommand,
  pinCommand,
  unpinCommand,
  drainCommand,
  undrainCommand,
  dashboardCommand,
];
