import type { Command } from '../command.js';
import { buildCommand } from './build.js';
import { checkFunctionCommand } from './check-function.js';
import { compileCommand } from './compile.js';
import { devCommand } from './dev.js';
import { kvsCommand } from './kvs.js';
import { simulateCommand } from './simulate.js';

/** Every top-level command, in the order `cellfront --help` lists them. */
export const commands: readonly Command[] = [devCommand, kvsCommand, checkFunctionCommand, buildCommand, compileCommand, simulateCommand];
