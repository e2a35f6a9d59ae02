import { joinLocation, type RequestTarget } from './location.js';

/** A source of numbers in [0, 1), like `Math.random` (injected so tests can steer it). */
export type RandomSource = () => number;

/**
 * Routes one request with the seed layout: traffic is split evenly between the
 * stored targets that are valid URLs (see `isTarget`), and the request's path
 * and query are kept. Pure: the same input (random source included) gives the
 * same location.
 *
 * @example route(['https://one.example.com/prod/', 'https://two.example.com'], { path: '/users/7', query: 'a=1' }, () => 0.7)
 * // 'https://two.example.com/users/7?a=1'
 */
export function route(targets: readonly string[], request: RequestTarget, random: RandomSource): string {
  // Target i owns [i/n, (i+1)/n) of the random range; a source straying to 1 gets the last.
  return joinLocation(targets[Math.min(Math.floor(random() * targets.length), targets.length - 1)] as string, request);
}
