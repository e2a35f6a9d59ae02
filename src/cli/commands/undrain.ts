import type { Command } from '../command.js';
import { drainingCommand } from './drain.js';

/** `cellfront undrain CELL`: the inverse of `drain`, in the same file's terms. */
export const undrainCommand: Command = drainingCommand(false);
