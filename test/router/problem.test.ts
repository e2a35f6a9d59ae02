import { describe, expect, it } from 'vitest';
import { describeProblem } from '../../src/router/index.js';

const HINT = 'Add a target: cellfront kvs put-key --kvs-arn <KVSTOREARN> --if-match <ETAG> --key';

describe('describeProblem', () => {
  it('names the missing key and the command that adds it', () => {
    expect(describeProblem({ kind: 'no-targets' })).toBe(
      `cellfront: no routing table and no APIGW1URL in the KeyValueStore.\n${HINT} APIGW1URL --value https://...\n`,
    );
  });

  it('explains a missing association and still shows how to add targets', () => {
    const text = describeProblem({ kind: 'no-store', message: 'KVSNamespaceNotFound' });
    expect(text).toBe(`cellfront: no KeyValueStore is associated with the function (KVSNamespaceNotFound).\n${HINT} APIGW1URL --value https://...\n`);
  });

  it('lists each invalid value, and offers to replace the first', () => {
    const text = describeProblem({
      kind: 'all-invalid',
      skipped: [
        { key: 'APIGW2URL', value: '[APIGATEWAY2URL] ' },
        { key: 'APIGW3URL', value: '' },
      ],
    });
    expect(text).toMatchSnapshot();
    expect(text).toContain(`${HINT} APIGW2URL --value`);
  });
});
