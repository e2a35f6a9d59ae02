/**
 * The `TestResult` that `cellfront test-function` prints, shaped and ordered as
 * `aws cloudfront test-function` prints CloudFront's answer (TestFunction API,
 * 2020-05-31): a `FunctionSummary` for the local function, `ComputeUtilization`
 * as a string, the logs, the error message (`""` on success) and the output as a
 * JSON string (`""` on error).
 */
import { awsCliTimestamp, present } from '../../aws/aws-cli-output.js';
import type { FunctionOutput } from '../../runtime/index.js';
import { LOCAL_ACCOUNT_ID } from '../../store/index.js';

/** The two stages a CloudFront Function has. */
export type FunctionStage = 'DEVELOPMENT' | 'LIVE';

/** What the summary says about the local function. */
export interface SummaryFacts {
  readonly name: string;
  readonly stage: FunctionStage;
  /** The associated store's ARN, when one is. */
  readonly kvsArn?: string;
  readonly created: Date;
  readonly modified: Date;
}

/** What one test run gave. */
export interface RunFacts {
  readonly utilization: number;
  readonly logs: readonly string[];
  /** `undefined` on success. */
  readonly error?: string;
  readonly output?: FunctionOutput;
}

/**
 * The whole document, `{"TestResult": {...}}`.
 *
 * @example testResult({ name: 'router', stage: 'DEVELOPMENT', created, modified }, { utilization: 10, logs: [], output })
 */
export function testResult(summary: SummaryFacts, run: RunFacts): { TestResult: Record<string, unknown> } {
  return {
    TestResult: {
      FunctionSummary: functionSummary(summary),
      ComputeUtilization: String(run.utilization),
      FunctionExecutionLogs: [...run.logs],
      FunctionErrorMessage: run.error ?? '',
      FunctionOutput: run.output === undefined || run.error !== undefined ? '' : JSON.stringify(inAwsOrder(run.output)),
    },
  };
}

function functionSummary(facts: SummaryFacts): Record<string, unknown> {
  return {
    Name: facts.name,
    // A function tested in DEVELOPMENT has not been published; a LIVE one has, and nothing here associates it.
    Status: facts.stage === 'DEVELOPMENT' ? 'UNPUBLISHED' : 'UNASSOCIATED',
    FunctionConfig: present({
      Comment: '',
      Runtime: 'cloudfront-js-2.0',
      KeyValueStoreAssociations: facts.kvsArn === undefined ? undefined : { Quantity: 1, Items: [{ KeyValueStoreARN: facts.kvsArn }] },
    }),
    FunctionMetadata: {
      FunctionARN: `arn:aws:cloudfront::${LOCAL_ACCOUNT_ID}:function/${facts.name}`,
      Stage: facts.stage,
      CreatedTime: awsCliTimestamp(facts.created),
      LastModifiedTime: awsCliTimestamp(facts.modified),
    },
  };
}

/**
 * CloudFront serializes the output from its own structures, in its own order
 * (`headers, method, querystring, uri, cookies` and `headers, statusDescription,
 * cookies, statusCode`), as the examples in its documentation show.
 */
function inAwsOrder(output: FunctionOutput): unknown {
  if ('request' in output) {
    const { headers, method, querystring, uri, cookies } = output.request;
    return { request: { headers, method, querystring, uri, cookies } };
  }
  const { headers, statusDescription, cookies, statusCode, body } = output.response;
  return { response: present({ headers, statusDescription, cookies, statusCode, body }) };
}
