/**
 * The njs engine: runs a function under NGINX njs (Debian's `njs` 0.7), the engine
 * CloudFront Functions appears to derive from. By default each function version
 * gets a few warm njs processes that serve invocation after invocation, each in a
 * fresh scope and checked for changes to what invocations share (`./warm.ts`,
 * `./isolation.ts`); `processPerInvocation` starts a new process for every
 * invocation instead. Results go through the same checks as the vm engine's
 * (`../../function.ts`), and the `cloudfront` module and the call of `handler` are
 * the vm engine's own in-context scripts, so what differs between the engines is
 * the language and its built-ins: njs refuses what it does not support, and its
 * error texts are its own.
 */
import { createBridge } from '../../bridge.js';
import type { PreparedSource } from '../../source.js';
import type { Executor } from '../types.js';
import { resolveNjs } from './binary.js';
import { createNjsBridge, type NjsBridge } from './bridge.js';
import { isolationPlan } from './isolation.js';
import { hostModuleText, mainModuleText, warmMainModuleText } from './module-text.js';
import { runNjsProcess } from './process.js';
import { NjsPool } from './warm.js';

/** How the njs engine is set up. */
export interface NjsOptions {
  /**
   * The njs binary.
   * @default - `njs` found on `PATH`
   */
  readonly binary?: string;
  /**
   * Start a new njs process for every invocation (about 20 ms each, counted
   * outside the budget) instead of serving invocations from warm processes.
   * @default false
   */
  readonly processPerInvocation?: boolean;
  /**
   * At most this many warm processes per function version.
   * @default - one per core, from 2 to 4
   */
  readonly processes?: number;
}

/** What the host module is given once: the bridge's constants that do not change between runs. */
const STATIC_CONSTANTS = new Set(Object.keys(createBridge().host));

/**
 * The njs executor for a prepared function.
 *
 * @throws EngineError `EngineUnavailable` when njs is not installed.
 * @example
 * const execute = njsExecutor(prepareSource(source, 'router.js'));
 */
export function njsExecutor(prepared: PreparedSource, options: NjsOptions = {}): Executor {
  const binary = resolveNjs(options.binary);
  if (options.processPerInvocation) {
    const mainText = mainModuleText(prepared);
    return (run) => {
      const bridge = createNjsBridge(run);
      return runNjsProcess({ binary, hostText: hostModuleText(bridge.host), mainText, bridge, budgetMs: run.budgetMs, filename: run.filename });
    };
  }
  let pool: NjsPool | undefined;
  return (run) => {
    const bridge = createNjsBridge(run);
    if (!pool) {
      const plan = isolationPlan(prepared.code);
      // defineProperty can change a property's attributes without changing its
      // value: a process that ran such a function is not reused.
      const always = /\bdefineProperties?\b/.test(prepared.code);
      pool = new NjsPool(
        { binary, hostText: hostModuleText(staticHost(bridge)), mainText: warmMainModuleText(prepared, { ...plan, always }), filename: run.filename },
        options.processes,
      );
    }
    return pool.invoke({ bridge: perRun(bridge), budgetMs: run.budgetMs });
  };
}

/** The host module's constants: those that are the same for every run. */
function staticHost(bridge: NjsBridge): NjsBridge['host'] {
  const constants = Object.fromEntries(Object.entries(bridge.host.constants).filter(([name]) => STATIC_CONSTANTS.has(name)));
  return { constants, functions: bridge.host.functions };
}

/** The bridge with only the constants that change from run to run, sent with each. */
function perRun(bridge: NjsBridge): NjsBridge {
  const constants = Object.fromEntries(Object.entries(bridge.host.constants).filter(([name]) => !STATIC_CONSTANTS.has(name)));
  return { ...bridge, host: { constants, functions: bridge.host.functions } };
}
