import { App, Validations, type Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CellfrontStack, type CellfrontStackProps } from '../../infra/stack/cellfront-stack.js';
import { loadStackConfig } from '../../infra/stack/stack-config.js';
import { repoRoot } from '../support/dev-process.js';
import { tinyCode } from './stacks.js';

const demoConfig = (mode?: 'redirect') => loadStackConfig('cellfront.config.json', { stackName: 'Cellfront', apiCount: 2, cwd: repoRoot, mode });

/** The stacks the app can make: the seed layout in either mode, and the demo config in either mode. */
const variants: [string, CellfrontStackProps][] = [
  ['seed layout, redirect', { mode: 'redirect' }],
  ['seed layout, proxy', { mode: 'proxy', viewerResponse: true }],
  ['demo config, proxy (the default)', { config: await demoConfig() }],
  ['demo config, redirect', { config: await demoConfig('redirect') }],
];

function stack(props: CellfrontStackProps): Stack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return new CellfrontStack(app, 'Cellfront', { functionCode: tinyCode(), ...props });
}

/**
 * Every acknowledgment in the tree: where it was made, the rule id and the reason.
 * aws-cdk-lib records ids without a plugin prefix as `Annotation::<id>`; cdk-nag strips that.
 */
function acknowledgments(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((node) =>
    node.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ path: node.node.path, id: id.replace(/^annotation::/i, ''), reason }))),
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(variants)('cdk-nag AwsSolutions on the stack with the %s', (_name, props) => {
  it('reports no finding that is not acknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(stack(props));
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges only real findings, each on the resources it names, with a specific reason', () => {
    // GIVEN the acknowledgments the stack makes
    const acks = acknowledgments(stack(props));
    // WHEN the same stack is checked with acknowledging switched off
    vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
    const findings = new AwsSolutionsChecks()
      .validateScope(stack(props))
      .violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '' })));
    // THEN every acknowledgment matches a finding under the construct it was made on
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      const matched = findings.some((f) => f.rule === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`)));
      expect(matched, `${ack.id} on ${ack.path} matches no finding`).toBe(true);
      expect(ack.reason.length, `reason for ${ack.id}`).toBeGreaterThan(40);
    }
    // AND every finding is acknowledged somewhere above it
    for (const finding of findings) {
      const covered = acks.some((a) => a.id === finding.rule && finding.path.startsWith(`${a.path}/`));
      expect(covered, `${finding.rule} at ${finding.path}`).toBe(true);
    }
  });
});
