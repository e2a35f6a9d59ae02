import type { CfResponse } from './event.js';

/**
 * A redirect the browser must not cache: the target changes with the data
 * (a new coin flip, new weights), and a cached redirect would pin a viewer.
 *
 * @example redirectResponse(307, 'https://api.example.com/prod/users/7')
 */
export function redirectResponse(status: number, location: string): CfResponse {
  return { statusCode: status, headers: { location: { value: location }, 'cache-control': { value: 'no-store' } }, cookies: {} };
}
