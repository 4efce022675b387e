import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createLogger, forService, loggerForService, type Infrastructure } from '../src/index.ts';

/** A destination that keeps every line as written. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

const serviceKeys = (line: string) => line.match(/"service":/g)?.length ?? 0;

describe('log lines', () => {
  it('carry one service key, also for a service sharing the embedded default’s process', () => {
    const { lines, stream } = capture();
    const root = createLogger('showstream', 'info', stream);
    root.info('infrastructure line');
    const catalog = forService({ logger: root } as Infrastructure, 'catalog').logger;
    catalog.child({ component: 'outbox' }).info('catalog line');
    loggerForService(root, 'web').warn('web line');

    expect(lines).toHaveLength(3);
    expect(lines.map(serviceKeys)).toEqual([1, 1, 1]);
    expect(lines.map((line) => (JSON.parse(line) as { service: string }).service)).toEqual([
      'showstream',
      'catalog',
      'web',
    ]);
    expect(JSON.parse(lines[1]!)).toMatchObject({ component: 'outbox', msg: 'catalog line' });
  });

  it('keep the level of the logger they came from', () => {
    const { lines, stream } = capture();
    const quiet = loggerForService(createLogger('showstream', 'warn', stream), 'users');
    quiet.info('dropped');
    quiet.warn('kept');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['kept']);
  });
});
