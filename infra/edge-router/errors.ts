import type { IConstruct } from 'constructs';

/** Stable codes of the mistakes {@link EdgeRouterValidationError} reports. */
export type EdgeRouterErrorCode =
  | 'NoOrigins'
  | 'OriginUrlUnknown'
  | 'FunctionCodeMissing'
  | 'FunctionCodeTooLarge'
  | 'EntryKeyInvalid'
  | 'EntryValueTooLarge'
  | 'DuplicateEntryKey'
  | 'EntriesTooLarge'
  | 'OriginSecretNeedsProxy'
  | 'OriginSecretNeedsUrlOrigins'
  | 'ApiCountInvalid'
  | 'EntriesAndConfig'
  | 'ModeConflict'
  | 'RoutingTableTooLarge'
  | 'RoutingDataTooLarge'
  | 'PlaceholderUnresolved';

/**
 * The props given to a cellfront construct would not deploy, or would deploy something
 * that cannot work. Thrown from the constructor, so `cdk synth` stops before anything
 * reaches CloudFormation.
 *
 * aws-cdk-lib 2.276 declares its own `ValidationError` `@internal`: it is not part of the
 * jsii API, its constructor takes a branded `LiteralString` from a private module, and
 * only `Errors.isValidationError()` is public. Subclassing it would tie this project to
 * an internal that may change in any minor release, so this error is scoped the same
 * way (it names the construct path) but owned here, with a stable `code` to test against.
 *
 * @example
 * try { new EdgeRouter(stack, 'Router', { origins: [] }); }
 * catch (e) { if (e instanceof EdgeRouterValidationError && e.code === 'NoOrigins') ... }
 */
export class EdgeRouterValidationError extends Error {
  override readonly name = 'EdgeRouterValidationError';
  /** Path of the construct whose props were refused, e.g. `Stack/Router`. */
  readonly constructPath: string;

  constructor(
    readonly code: EdgeRouterErrorCode,
    message: string,
    scope: IConstruct,
  ) {
    super(`${scope.node.path}: ${message}`);
    this.constructPath = scope.node.path;
  }
}
