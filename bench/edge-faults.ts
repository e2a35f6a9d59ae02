/**
 * Corrupt routing tables through the built edge function: damaged encodings
 * of the deployed demo table, each serving one request, in the local runtime
 * (which checks every origin change, header and cookie the way CloudFront
 * does, so a bad one is a 502) and in njs.
 *
 * The function checks the store's table only as far as a request uses it, so a
 * table damaged in a part one request never reaches still serves that request.
 * Node predicts, with the routing core, which table serves each request (the
 * damaged one, or the fallback: the embedded table or the default origin) and
 * which cell it picks; every engine and build must answer as predicted.
 */
import { requestFacts, type CfEvent } from '../src/function/index.js';
import { decide, decisionFault, decodeTable, openTable, partitionKeyOf, TABLE_KEY, type RoutingTable, type TableCell } from '../src/router/table/index.js';
import { loadFunction, viewerRequestEvent, viewerResponseEvent, type FunctionEvent, type Invocation } from '../src/runtime/index.js';
import { viewerRequest, viewerResponse, type RequestShape } from '../test/function/events.js';
import { runBatchInNjs, type EdgeCallResult } from '../test/function/njs-runner.js';
import { corruptTables } from '../test/router-table/corrupt.js';

export interface FaultFigures {
  readonly cases: number;
  /** Answers of 500 or above, or function errors, over every engine and build. */
  readonly fiveXx: number;
  /** Cases whose damaged table still decodes whole: it could serve any request. */
  readonly stillUsable: number;
  /** Cases whose damaged table still serves the request at hand: the damage lies where that request does not look. */
  readonly servedLive: number;
  /** Cases served by the fallback (the embedded table, or the default origin), per engine and build. */
  readonly fallback: Readonly<Record<string, number>>;
  /** Cases answered otherwise than predicted, per engine and build. */
  readonly mispredicted: Readonly<Record<string, number>>;
}

const SEED = 2025;
const PATH = '/users/7';
const IP = '198.51.100.7';
const CONTEXT = { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE' };

/**
 * The request of case `i`, in turn: a cell forced by header, a tenant (the
 * slot decides), a new visitor (a visitor cookie to set), and a new visitor's
 * viewer-response event (the cell header and the cookie on the origin's answer).
 */
function shapeOf(i: number): { shape: RequestShape; response: boolean } {
  const requestId = `fault-${i}`;
  switch (i % 4) {
    case 0:
      return { shape: { headers: { 'x-cellfront-cell': 'api1' }, requestId }, response: false };
    case 1:
      return { shape: { headers: { 'x-tenant-id': `tenant-${i}` }, requestId }, response: false };
    case 2:
      return { shape: { requestId }, response: false };
    default:
      return { shape: { requestId }, response: true };
  }
}

/** What the function should do with case `i`: the table that serves it and the cell, or the default origin. */
interface Prediction {
  readonly live: boolean;
  readonly table?: RoutingTable;
  readonly cell?: TableCell;
}

/**
 * The routing core's answer, as the function reaches it: the damaged table if
 * it opens and the decision it makes passes `decisionFault`, else the fallback.
 * No request here has an override, so no pin is read.
 */
function predict(text: string, event: CfEvent, embedded: RoutingTable | undefined): Prediction {
  const facts = requestFacts(event);
  const live = openTable(text);
  if (typeof live !== 'string') {
    const decision = decide(facts, live, undefined, partitionKeyOf(facts, live));
    if (!decisionFault(live, decision)) return { live: true, table: live, cell: decision.cell };
  }
  return embedded ? { live: false, table: embedded, cell: decide(facts, embedded).cell } : { live: false };
}

/** A plain answer to compare: where the request went, or the redirect and the label a response carries. */
interface Answer {
  readonly fiveXx: boolean;
  readonly domain?: string;
  readonly location?: string;
  /** Header name to value, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
}

function matches(answer: Answer, expected: Prediction, response: boolean): boolean {
  const { table, cell } = expected;
  if (answer.fiveXx) return false;
  if (!table || !cell) return answer.domain === undefined && answer.location === undefined && answer.headers['x-cellfront-cell'] === undefined;
  const labelled = !table.h || answer.headers[table.h] === cell.i;
  if (response) return labelled;
  if (table.m === 'r') return labelled && answer.location?.startsWith(`${cell.u}${PATH}`) === true;
  return answer.domain === cell.d;
}

function runtimeAnswer(outcome: Invocation): Answer {
  if (outcome.kind === 'error') return { fiveXx: true, headers: {} };
  if (outcome.kind === 'request') return { fiveXx: false, ...(outcome.request.origin ? { domain: outcome.request.origin.domainName } : {}), headers: {} };
  const headers = Object.fromEntries(outcome.response.headers);
  return { fiveXx: outcome.response.statusCode >= 500, ...(headers.location ? { location: headers.location } : {}), headers };
}

function njsAnswer(result: EdgeCallResult): Answer {
  if (!result.ok) return { fiveXx: true, headers: {} };
  const value = result.value as { statusCode?: number; headers?: Record<string, { value: string }> };
  // A returned request carries the viewer's headers; only a response's are the function's answer.
  const headers = value.statusCode ? Object.fromEntries(Object.entries(value.headers ?? {}).map(([name, field]) => [name, field.value])) : {};
  const domain = result.origin?.domainName;
  return {
    fiveXx: (value.statusCode ?? 0) >= 500,
    ...(typeof domain === 'string' ? { domain } : {}),
    ...(headers.location ? { location: headers.location } : {}),
    headers,
  };
}

/** The runtime's event for case `i` (its own parsing of the same request the njs events describe). */
function runtimeEvent(i: number): FunctionEvent {
  const { shape, response } = shapeOf(i);
  const rawHeaders = ['Host', CONTEXT.distributionDomainName, ...Object.entries(shape.headers ?? {}).flat()];
  const context = { ...CONTEXT, requestId: shape.requestId ?? '' };
  const request = viewerRequestEvent({ method: 'GET', url: PATH, rawHeaders, clientIp: IP }, context);
  if (!response) return request;
  return viewerResponseEvent(request.request, { statusCode: 200, statusMessage: 'OK', rawHeaders: ['Content-Type', 'application/json'] }, context, IP);
}

function njsEvent(i: number): CfEvent {
  const { shape, response } = shapeOf(i);
  return (response ? viewerResponse(PATH, { ...shape, ip: IP }) : viewerRequest(PATH, { ...shape, ip: IP })) as CfEvent;
}

/**
 * Runs `cases` damaged tables through both builds in the local runtime and the
 * embedded build in njs (all cases in one process).
 *
 * @example const { fiveXx, mispredicted } = await faultFigures(table, store, embedded.code, plain.code, 1000);
 */
export async function faultFigures(
  table: RoutingTable,
  store: Readonly<Record<string, string>>,
  embeddedCode: string,
  plainCode: string,
  cases: number,
): Promise<FaultFigures> {
  const values = corruptTables(table, cases, SEED).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v))));
  const njsEvents = values.map((_, i) => njsEvent(i));
  const predictions = (embedded: RoutingTable | undefined) => values.map((v, i) => predict(v, njsEvents[i] as CfEvent, embedded));
  const withTable = predictions(table);
  let fiveXx = 0;
  const fallback: Record<string, number> = {};
  const mispredicted: Record<string, number> = {};
  const tally = (where: string, answers: readonly Answer[], expected: readonly Prediction[]) => {
    fallback[where] = 0;
    mispredicted[where] = 0;
    answers.forEach((answer, i) => {
      const prediction = expected[i] as Prediction;
      if (answer.fiveXx) fiveXx++;
      if (!matches(answer, prediction, shapeOf(i).response)) (mispredicted[where] as number)++;
      else if (!prediction.live) (fallback[where] as number)++;
    });
  };

  for (const [build, code, expected] of [
    ['without a table', plainCode, predictions(undefined)],
    ['with the table', embeddedCode, withTable],
  ] as const) {
    const answers: Answer[] = [];
    for (let i = 0; i < values.length; i++) {
      const kvs = { get: (key: string) => (key === TABLE_KEY ? values[i] : store[key]), meta: () => ({ creationDateTime: '', lastUpdatedDateTime: '', keyCount: 1 }) };
      answers.push(runtimeAnswer(await loadFunction(code, { kvs }).invoke(runtimeEvent(i))));
    }
    tally(`local runtime, ${build}`, answers, expected);
  }

  const outcome = await runBatchInNjs({ code: embeddedCode, calls: values.map((v, i) => ({ event: njsEvents[i], kvs: { ...store, [TABLE_KEY]: v } })) });
  tally('njs, with the table', outcome.results.map(njsAnswer), withTable);

  return {
    cases,
    fiveXx,
    stillUsable: values.filter((v) => decodeTable(v).ok).length,
    servedLive: withTable.filter((p) => p.live).length,
    fallback,
    mispredicted,
  };
}
