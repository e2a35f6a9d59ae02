const MARKER = /<!-- packed-example: ([\w.-]+) -->\n```\w*\n([\s\S]*?)\n```/g;

/** The README's examples marked `<!-- packed-example: NAME -->`, by file name. */
export function readmeExamples(readme: string): Map<string, string> {
  const examples = new Map<string, string>();
  for (const match of readme.matchAll(MARKER)) examples.set(match[1] as string, `${match[2] as string}\n`);
  if (examples.size === 0) throw new Error('README.md has no <!-- packed-example: NAME --> blocks');
  return examples;
}
