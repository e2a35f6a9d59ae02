// A build-time setting of the bundled CLI, not a change of what it computes.
//
// The SigV4A signer (@smithy/signature-v4a, pulled in by @aws-sdk/signature-v4a)
// carries its own copy of the P-256 curve code, which builds a table of multiples
// of the curve's base point the first time it signs: with a window of 8 bits that
// is over 4,000 point additions, about a fifth of a control command's start-up,
// to speed up signatures a CLI process makes a handful of. The bundle builds the
// table with a 4-bit window instead (about 500 additions). ECDSA signatures here
// are deterministic (RFC 6979), so the same request signs to the same bytes either
// way; test/package/sigv4a-window.test.ts checks exactly that.
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** The window the bundle asks for, in bits; the signer's own choice is 8. */
export const SIGV4A_BASE_WINDOW_BITS = 4;

const SIGNER_FILE = /[\\/]@smithy[\\/]signature-v4a[\\/]dist-(?:es|cjs)[\\/].*\.js$/;
const PRECOMPUTE = 'Point.BASE.precompute(8);';

/** What the plugin did: how many of the signer's files it changed. */
export interface WindowTweak {
  applied: number;
}

/** An esbuild plugin that sets the signer's base-point window; `tweak.applied` counts the files changed. */
export function sigv4aWindowPlugin(tweak: WindowTweak): Plugin {
  return {
    name: 'sigv4a-base-window',
    setup(on) {
      on.onLoad({ filter: SIGNER_FILE }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!text.includes(PRECOMPUTE)) return undefined;
        tweak.applied++;
        return { contents: text.split(PRECOMPUTE).join(`Point.BASE.precompute(${SIGV4A_BASE_WINDOW_BITS});`), loader: 'js' };
      });
    },
  };
}
