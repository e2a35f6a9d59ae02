// Registered with `node --import`: prints to stderr the heavy packages a
// process loads (by `import` or `require`), so a test can check that a command
// loads only what it uses. tsx's own use of esbuild (compiling the sources in
// a checkout) is not the command's and is left out.
import Module, { register } from 'node:module';

const HEAVY = '(@aws-sdk\\/client-cloudfront-keyvaluestore|@aws-sdk\\/signature-v4a|ajv|esbuild|acorn|aws-cdk-lib)';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
const HEAVY = /node_modules\\/${HEAVY}\\//;
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const name = HEAVY.exec(result.url)?.[1];
  if (name && !/node_modules\\/tsx\\//.test(context.parentURL ?? '')) process.stderr.write('heavy-import ' + name + '\\n');
  return result;
}
`),
);

const required = new RegExp(`^${HEAVY}(\\/|$)`);
const original = Module.prototype.require;
Module.prototype.require = function (id) {
  const name = required.exec(id)?.[1];
  if (name && !/node_modules[\\/]tsx[\\/]/.test(this.filename ?? '')) process.stderr.write(`heavy-import ${name}\n`);
  return original.call(this, id);
};
