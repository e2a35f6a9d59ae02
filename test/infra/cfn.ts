/**
 * Evaluates the CloudFormation intrinsics a synthesized template uses for deploy-time values
 * (`Ref`, `Fn::Join`, `Fn::Select`, `Fn::Split`), with made-up values for the references,
 * so a test can see the string CloudFormation would pass on. Anything else fails loudly.
 */
export function resolveIntrinsics(value: unknown, refs: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, refs));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const [only, ...others] = Object.keys(record);
  if (only !== undefined && others.length === 0 && (only === 'Ref' || only.startsWith('Fn::'))) {
    const args = record[only];
    if (only === 'Ref') {
      const found = refs[args as string];
      if (found === undefined) throw new Error(`no value given for { Ref: ${String(args)} }`);
      return found;
    }
    const [first, second] = resolveIntrinsics(args, refs) as [unknown, unknown];
    if (only === 'Fn::Join') return (second as unknown[]).map(String).join(first as string);
    if (only === 'Fn::Split') return (second as string).split(first as string);
    if (only === 'Fn::Select') return (second as unknown[])[first as number];
    throw new Error(`cannot evaluate ${only}`);
  }
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, resolveIntrinsics(item, refs)]));
}

/** `resolveIntrinsics` for a value that must come out as a string. */
export function resolveString(value: unknown, refs: Readonly<Record<string, string>>): string {
  const resolved = resolveIntrinsics(value, refs);
  if (typeof resolved !== 'string') throw new Error(`expected a string, got ${JSON.stringify(resolved)}`);
  return resolved;
}
