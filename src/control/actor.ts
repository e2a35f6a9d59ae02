import { hostname, userInfo } from 'node:os';
import type { Actor } from './history.js';

/** The environment variable naming who makes changes, when `user@host` is not the right name (CI, a bot). */
export const ACTOR_ENV = 'CELLFRONT_ACTOR';

/**
 * Who is making a change from this process, for the history: `$CELLFRONT_ACTOR`,
 * else `user@host`; `via` says through what (`cli`, `dashboard`).
 *
 * @example actorFrom(process.env, 'cli') // { by: 'ana@build-7', via: 'cli' }
 */
export function actorFrom(env: Readonly<Record<string, string | undefined>>, via: string): Actor {
  const named = env[ACTOR_ENV]?.trim();
  if (named) return { by: named, via };
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry for the uid (some containers): fall back to the shell's idea.
    user = env.USER ?? env.USERNAME ?? 'unknown';
  }
  return { by: `${user}@${hostname()}`, via };
}
