import { describe, expect, it } from 'vitest';
import { durationFlag, percentFlag, rateFlag } from '../../src/cli/commands/control-common.js';

describe('control-plane flag values', () => {
  it('reads durations', () => {
    expect(['0', '500ms', '30s', '2m', '1m30s', '1h', '1.5s'].map((d) => durationFlag(d, 'interval'))).toEqual([0, 500, 30_000, 120_000, 90_000, 3_600_000, 1_500]);
    for (const bad of ['', 'soon', '30', '-1s', '1m 30s']) expect(() => durationFlag(bad, 'interval')).toThrowError(/^--interval takes a duration/);
  });

  it('reads percentages as slots (hundredths of a percent)', () => {
    expect(['0', '40', '40%', '12.5', '99.99', '100'].map((p) => percentFlag(p, 'to', 0, 100))).toEqual([0, 4000, 4000, 1250, 9999, 10_000]);
    for (const bad of ['-1', '100.01', '12.345', 'half', '']) expect(() => percentFlag(bad, 'to', 0, 100)).toThrowError(/^--to takes a percentage from 0 to 100/);
  });

  it('reads rates as fractions or percentages', () => {
    expect(['0.05', '5%', '0', '1', '100%'].map((r) => rateFlag(r, 'abort-on-5xx'))).toEqual([0.05, 0.05, 0, 1, 1]);
    for (const bad of ['5', '101%', '%', 'x', '']) expect(() => rateFlag(bad, 'abort-on-5xx')).toThrowError(/^--abort-on-5xx takes a fraction from 0 to 1/);
  });
});
