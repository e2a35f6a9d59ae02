/**
 * esbuild's `supported` switches for CloudFront Functions runtime 2.0 (ES 5.1
 * plus const/let, arrows, template literals, rest parameters, `**` and
 * async/await). Features switched off are either lowered to ES5 (shorthand
 * properties, `?.`, `??`, `catch {}`, `||=`) or rejected by esbuild with
 * "... is not supported yet" (destructuring, for...of, classes, default
 * parameters, array spread, generators, methods and computed keys in object
 * literals, ...).
 */
export const RUNTIME_20_SYNTAX: Readonly<Record<string, boolean>> = {
  'async-await': true,
  arrow: true,
  'const-and-let': true,
  'template-literal': true,
  'rest-argument': true,
  'object-extensions': false,
  'optional-chain': false,
  'nullish-coalescing': false,
  'optional-catch-binding': false,
  'logical-assignment': false,
  'unicode-escapes': false,
  'object-rest-spread': false,
  'nested-rest-binding': false,
  destructuring: false,
  'for-of': false,
  'for-await': false,
  'default-argument': false,
  'array-spread': false,
  generator: false,
  'async-generator': false,
  class: false,
  'class-field': false,
  'class-static-field': false,
  'class-private-field': false,
  'class-private-method': false,
  'class-static-blocks': false,
  decorators: false,
  bigint: false,
  'dynamic-import': false,
  'import-meta': false,
  'top-level-await': false,
  'new-target': false,
  using: false,
};
