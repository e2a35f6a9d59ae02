import type { Command } from '../command.js';

/** Every top-level command, in the order `cellfront --help` lists them. */
export const commands: readonly Command[] = [];
