/**
 * `cellfront kvs <operation>`: the six `aws cloudfront-keyvaluestore` operations with the
 * same names, flags and JSON output, through the real AWS SDK: against AWS by default,
 * against the local store with `--endpoint-url` or `AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE`.
 */
import {
  CloudFrontKeyValueStoreServiceException,
  DeleteKeyCommand,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  ListKeysCommand,
  PutKeyCommand,
  UpdateKeysCommand,
  type CloudFrontKeyValueStoreClient,
  type ListKeysResponseListItem,
} from '@aws-sdk/client-cloudfront-keyvaluestore';
import { awsCliJson, awsCliTimestamp, present } from '../../aws/aws-cli-output.js';
import { createKvsClient, KvsClientConfigError } from '../../aws/kvs-client.js';
import { resolveStoreTarget } from '../../control/target.js';
import { KVS_LIST_MAX_RESULTS } from '../../limits.js';
import { KvsError } from '../../store/errors.js';
import { DELETES_SHAPE, parseDeletes, parsePuts, PUTS_SHAPE } from '../../store/update-input.js';
import { integerFlag, requiredFlag, stringFlag, type FlagSpec, type ParsedArgs } from '../args.js';
import { paramValue } from '../param-file.js';
import type { Command, Io } from '../command.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import { cliFailure } from './control-common.js';
import { withLocalOutputs } from './local-outputs.js';

const flag = {
  arn: { name: 'kvs-arn', type: 'string', valueName: 'ARN', description: 'The store: arn:aws:cloudfront::ACCOUNT:key-value-store/ID.' },
  key: { name: 'key', type: 'string', valueName: 'KEY', description: 'The key, 1 to 512 bytes.' },
  value: { name: 'value', type: 'string', valueName: 'VALUE', description: 'The value, up to 1,024 bytes, or file://PATH (or fileb://PATH) to read it from a file.' },
  ifMatch: { name: 'if-match', type: 'string', valueName: 'ETAG', description: "The store's current ETag (from describe-key-value-store)." },
  puts: { name: 'puts', type: 'string', valueName: 'JSON', description: `Keys to put: ${PUTS_SHAPE}, or file://PATH (or fileb://PATH).` },
  deletes: { name: 'deletes', type: 'string', valueName: 'JSON', description: `Keys to delete: ${DELETES_SHAPE}, or file://PATH (or fileb://PATH).` },
  maxResults: { name: 'max-results', type: 'string', valueName: 'N', description: `Keys per page, 1 to ${KVS_LIST_MAX_RESULTS}; prints that one page and its NextToken.` },
  nextToken: { name: 'next-token', type: 'string', valueName: 'TOKEN', description: 'Continue after the page that returned this NextToken (one page only).' },
  outputsFile: {
    name: 'outputs-file',
    type: 'string',
    valueName: 'FILE',
    description: 'Outputs of `cdk deploy` or `cellfront dev`: --kvs-arn from KVSTOREARN, --endpoint-url from KVSENDPOINT.',
  },
  endpoint: {
    name: 'endpoint-url',
    type: 'string',
    valueName: 'URL',
    description: 'Call this endpoint instead of AWS, e.g. http://localhost:PORT for the local store.',
  },
} as const satisfies Record<string, FlagSpec>;

type Run = (client: CloudFrontKeyValueStoreClient, args: ParsedArgs, io: Io) => Promise<unknown>;

/** A leaf command that sends one request with a client built from the flags and environment. */
function operation(name: string, summary: string, flags: readonly FlagSpec[], run: Run, description?: string): Command {
  return {
    name,
    summary,
    ...(description ? { description } : {}),
    flags: [...flags, flag.endpoint, flag.outputsFile],
    run: async (given, io) => {
      const args = await withStoreFallbacks(given, io);
      const client = newClient(args, io);
      try {
        io.stdout(awsCliJson(await run(client, args, io)));
        return ExitCode.ok;
      } catch (error) {
        throw toCliError(error);
      } finally {
        client.destroy();
      }
    },
  };
}

const describe = operation('describe-key-value-store', 'Show a store: its ETag, item count, size and dates.', [flag.arn], async (client, args) => {
  const r = await client.send(new DescribeKeyValueStoreCommand({ KvsARN: requiredFlag(args, 'kvs-arn') }));
  return present({
    ETag: r.ETag,
    ItemCount: r.ItemCount,
    TotalSizeInBytes: r.TotalSizeInBytes,
    KvsARN: r.KvsARN,
    Created: r.Created && awsCliTimestamp(r.Created),
    LastModified: r.LastModified && awsCliTimestamp(r.LastModified),
    Status: r.Status,
    FailureReason: r.FailureReason,
  });
});

const getKey = operation('get-key', 'Show one key and its value.', [flag.arn, flag.key], async (client, args) => {
  const r = await client.send(new GetKeyCommand({ KvsARN: requiredFlag(args, 'kvs-arn'), Key: requiredFlag(args, 'key') }));
  return present({ Key: r.Key, Value: r.Value, ItemCount: r.ItemCount, TotalSizeInBytes: r.TotalSizeInBytes });
});

const listKeys = operation(
  'list-keys',
  'List keys and values, in key order.',
  [flag.arn, flag.maxResults, flag.nextToken],
  async (client, args) => {
    const KvsARN = requiredFlag(args, 'kvs-arn');
    const MaxResults = integerFlag(args, 'max-results', 1, KVS_LIST_MAX_RESULTS);
    const NextToken = stringFlag(args, 'next-token');
    if (MaxResults !== undefined || NextToken !== undefined) {
      const r = await client.send(new ListKeysCommand({ KvsARN, MaxResults, NextToken }));
      return present({ NextToken: r.NextToken, Items: (r.Items ?? []).map(item) });
    }
    const Items: { Key?: string; Value?: string }[] = [];
    let token: string | undefined;
    do {
      const r = await client.send(new ListKeysCommand({ KvsARN, NextToken: token }));
      Items.push(...(r.Items ?? []).map(item));
      token = r.NextToken;
    } while (token);
    return { Items };
  },
  'Like the AWS CLI, prints every key, fetching page after page. With --max-results or --next-token it prints one page and its NextToken instead.',
);

const putKey = operation('put-key', 'Create or replace one key.', [flag.arn, flag.key, flag.value, flag.ifMatch], async (client, args, io) => {
  const r = await client.send(
    new PutKeyCommand({
      KvsARN: requiredFlag(args, 'kvs-arn'),
      Key: requiredFlag(args, 'key'),
      Value: await paramValue(requiredFlag(args, 'value'), 'value', io.cwd),
      IfMatch: requiredFlag(args, 'if-match'),
    }),
  );
  return written(r);
});

const deleteKey = operation('delete-key', 'Delete one key.', [flag.arn, flag.key, flag.ifMatch], async (client, args) => {
  const r = await client.send(
    new DeleteKeyCommand({ KvsARN: requiredFlag(args, 'kvs-arn'), Key: requiredFlag(args, 'key'), IfMatch: requiredFlag(args, 'if-match') }),
  );
  return written(r);
});

const updateKeys = operation(
  'update-keys',
  'Put and delete up to 50 keys at once, all or nothing.',
  [flag.arn, flag.ifMatch, flag.puts, flag.deletes],
  async (client, args, io) => {
    const KvsARN = requiredFlag(args, 'kvs-arn');
    const IfMatch = requiredFlag(args, 'if-match');
    const puts = await jsonFlag(args, io, 'puts', PUTS_SHAPE);
    const deletes = await jsonFlag(args, io, 'deletes', DELETES_SHAPE);
    if (puts === undefined && deletes === undefined) throw new UsageError('give --puts, --deletes or both');
    const r = await client.send(
      new UpdateKeysCommand({
        KvsARN,
        IfMatch,
        ...(puts === undefined ? {} : { Puts: localCheck(() => parsePuts(puts, '--puts')).map((p) => ({ Key: p.key, Value: p.value })) }),
        ...(deletes === undefined ? {} : { Deletes: localCheck(() => parseDeletes(deletes, '--deletes')).map((Key) => ({ Key })) }),
      }),
    );
    return written(r);
  },
);

/** `cellfront kvs`: the KeyValueStore data-plane operations. */
export const kvsCommand: Command = {
  name: 'kvs',
  summary: 'Read and write a KeyValueStore, like `aws cloudfront-keyvaluestore`.',
  description: [
    'Same operations, flags and JSON output as the AWS CLI, through the AWS SDK. Requests go to AWS',
    'unless --endpoint-url or $AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE points at another endpoint,',
    'such as the local store. Exit codes: 0 ok, 1 refused, 2 bad command line, 3 stale ETag (--if-match).',
  ].join('\n'),
  subcommands: [describe, getKey, listKeys, putKey, deleteKey, updateKeys],
};

/**
 * The flags with `--kvs-arn` and `--endpoint-url` filled in, when not given,
 * from `--outputs-file` (KVSTOREARN, KVSENDPOINT) or `$CELLFRONT_KVS_ARN`, as
 * the control-plane commands resolve them.
 */
async function withStoreFallbacks(given: ParsedArgs, io: Io): Promise<ParsedArgs> {
  const args = withLocalOutputs(given, io);
  const outputsFile = stringFlag(args, 'outputs-file');
  let target;
  try {
    target = await resolveStoreTarget({ ...(outputsFile === undefined ? {} : { outputsFile }), env: io.env, cwd: io.cwd });
  } catch (error) {
    throw cliFailure(error);
  }
  const flags = { ...args.flags };
  if (stringFlag(args, 'kvs-arn') === undefined && target.arn !== undefined) flags['kvs-arn'] = target.arn;
  if (stringFlag(args, 'endpoint-url') === undefined && target.endpoint !== undefined) flags['endpoint-url'] = target.endpoint;
  return { ...args, flags };
}

function newClient(args: ParsedArgs, io: Io): CloudFrontKeyValueStoreClient {
  const endpoint = stringFlag(args, 'endpoint-url');
  try {
    return createKvsClient({ ...(endpoint === undefined ? {} : { endpoint }), env: io.env });
  } catch (error) {
    if (error instanceof KvsClientConfigError) throw new UsageError(error.message);
    throw error;
  }
}

function item(entry: ListKeysResponseListItem): { Key?: string; Value?: string } {
  return present({ Key: entry.Key, Value: entry.Value });
}

function written(r: { ETag?: string; ItemCount?: number; TotalSizeInBytes?: number }) {
  return present({ ETag: r.ETag, ItemCount: r.ItemCount, TotalSizeInBytes: r.TotalSizeInBytes });
}

/** A JSON flag's parsed value (inline, or `file://PATH` / `fileb://PATH` as the AWS CLI reads it). */
async function jsonFlag(args: ParsedArgs, io: Io, name: string, shape: string): Promise<unknown> {
  const given = stringFlag(args, name);
  if (given === undefined) return undefined;
  const text = await paramValue(given, name, io.cwd);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--${name} is not valid JSON: ${(error as Error).message}; expected ${shape}`);
  }
}

/** Shape errors in --puts/--deletes are command-line mistakes, caught before any request. */
function localCheck<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof KvsError) throw new UsageError(error.message);
    throw error;
  }
}

/** What the service or the connection refused, as one line and an exit code; anything else is a crash. */
function toCliError(error: unknown): unknown {
  if (error instanceof UsageError || error instanceof CliError) return error;
  if (error instanceof CloudFrontKeyValueStoreServiceException) {
    const exitCode = error.name === 'ConflictException' ? ExitCode.conflict : ExitCode.failed;
    return new CliError(`${error.name}: ${error.message}`, exitCode);
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' || code === 'ETIMEDOUT') {
      return new CliError(`cannot reach the KeyValueStore endpoint: ${error.message}`);
    }
    if (error.name === 'CredentialsProviderError') return new CliError(`no AWS credentials found: ${error.message}`);
    // The SDK refuses some input before sending (e.g. an ARN its endpoint rules cannot parse).
    if (/KVS ARN|ARN resource type|valid ARN|is not a valid CloudFront/i.test(error.message)) {
      return new UsageError(`--kvs-arn: ${error.message}; expected arn:aws:cloudfront::ACCOUNT:key-value-store/ID`);
    }
  }
  return error;
}
