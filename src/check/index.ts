/**
 * The static checker for CloudFront Functions runtime 2.0: tells before a deploy
 * whether the runtime will accept a function's code.
 */
export { checkFunction } from './check-function.js';
export { formatDiagnostic, formatDiagnostics, hasErrors, type Diagnostic, type Severity } from './diagnostic.js';
