import { describe, expect, it } from 'vitest';
import { AppContextError, readAppOptions } from '../../infra/stack/context.js';

const from = (values: Record<string, unknown>) => (key: string) => values[key];

describe('readAppOptions', () => {
  it('defaults to two APIs in stack Cellfront, leaving config, mode and viewer-response to the app', () => {
    expect(readAppOptions(from({}))).toEqual({ stackName: 'Cellfront', apiCount: 2 });
  });

  it('reads -c strings and cdk.json values alike', () => {
    expect(readAppOptions(from({ apis: '3', mode: 'proxy', viewerResponse: 'false', stackName: 'Edge-1', config: 'routing.json' }))).toEqual({
      stackName: 'Edge-1',
      apiCount: 3,
      config: 'routing.json',
      mode: 'proxy',
      viewerResponse: false,
    });
    expect(readAppOptions(from({ apis: 4, viewerResponse: true }))).toMatchObject({ apiCount: 4, viewerResponse: true });
  });

  it.each([
    [{ apis: '0' }, /-c apis=0 is not a number of APIs; expected a whole number from 1 to 10/],
    [{ apis: '11' }, /-c apis=11 is not a number of APIs/],
    [{ apis: '2.5' }, /-c apis=2.5 is not a number of APIs/],
    [{ mode: 'edge' }, /-c mode=edge is not a mode; expected redirect or proxy/],
    [{ viewerResponse: 'yes' }, /-c viewerResponse=yes is not a boolean; expected true or false/],
    [{ stackName: '1stack' }, /-c stackName=1stack is not a stack name/],
    [{ config: '' }, /-c config= names no file; give the path of a cellfront.config.json/],
  ])('refuses %o', (values, message) => {
    expect(() => readAppOptions(from(values))).toThrow(AppContextError);
    expect(() => readAppOptions(from(values))).toThrow(message);
  });
});
