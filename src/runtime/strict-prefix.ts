/**
 * What `prepareSource` puts before a function's code so that it runs in strict
 * mode; compile with `columnOffset: -STRICT_PREFIX.length` to keep columns. In a
 * file of its own so that code running functions (the invocation threads) does
 * not load the parser `./source.ts` needs.
 */
export const STRICT_PREFIX = '"use strict";';
