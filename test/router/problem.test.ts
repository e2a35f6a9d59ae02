import { describe, expect, it } from 'vitest';
import { describeProblem, summarizeProblem, type RoutingProblem } from '../../src/router/index.js';

const PUTS = `--puts '[{"Key":"APIGW1URL","Value":"https://..."}]'`;

describe('describeProblem', () => {
  it('names the missing key and gives both commands that add it', () => {
    const text = describeProblem({ kind: 'no-targets' });
    expect(text).toContain('has no key APIGW1URL');
    expect(text).toContain(`  cellfront kvs update-keys --kvs-arn <KVSTOREARN> --if-match <ETAG> ${PUTS}`);
    expect(text).toContain(`  aws cloudfront-keyvaluestore update-keys --kvs-arn <KVSTOREARN> --if-match <ETAG> ${PUTS}`);
    expect(text).toContain('APIGW10URL');
    expect(text).toMatchSnapshot();
  });

  it('explains a missing association and still shows how to add targets', () => {
    const text = describeProblem({ kind: 'no-store', message: 'KVSNamespaceNotFound' });
    expect(text).toContain('No KeyValueStore is associated with this CloudFront Function (KVSNamespaceNotFound)');
    expect(text).toContain('KeyValueStoreAssociations');
    expect(text).toContain(`cellfront kvs update-keys`);
  });

  it('lists each invalid value with its reason, and offers to replace the first', () => {
    const text = describeProblem({
      kind: 'all-invalid',
      skipped: [
        { key: 'APIGW1URL', value: '[APIGATEWAY1URL] ', reason: 'is not an absolute http:// or https:// URL' },
        { key: 'APIGW2URL', value: '', reason: 'is empty' },
      ],
    });
    expect(text).toMatchSnapshot();
  });

  it('names the key whose read failed', () => {
    const text = describeProblem({ kind: 'read-failed', key: 'APIGW2URL', message: 'timeout', skipped: [] });
    expect(text).toContain('Reading APIGW2URL from the KeyValueStore failed: timeout');
    expect(text).not.toContain('Skipped before it');
  });

  it('ends every text with a newline and never mentions a key past the cap', () => {
    const problems: RoutingProblem[] = [
      { kind: 'no-targets' },
      { kind: 'no-store', message: 'm' },
      { kind: 'internal', message: 'boom' },
    ];
    problems.forEach((p) => {
      expect(describeProblem(p).endsWith('\n')).toBe(true);
      expect(describeProblem(p)).not.toContain('APIGW11URL');
    });
  });
});

describe('summarizeProblem', () => {
  it.each<[RoutingProblem, string]>([
    [{ kind: 'no-targets' }, 'cellfront: 503 no-targets: no APIGW1URL'],
    [{ kind: 'no-store', message: 'KVSNamespaceNotFound' }, 'cellfront: 503 no-store: KVSNamespaceNotFound'],
    [{ kind: 'all-invalid', skipped: [] }, 'cellfront: 503 all-invalid'],
    [{ kind: 'read-failed', key: 'APIGW1URL', message: 't', skipped: [] }, 'cellfront: 503 read-failed: APIGW1URL: t'],
    [{ kind: 'internal', message: 'boom' }, 'cellfront: 503 internal: boom'],
  ])('logs %j as one line', (problem, line) => {
    expect(summarizeProblem(problem)).toBe(line);
  });
});
