import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLinePrefixer } from './prefixLines';

function sink() {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { out, text: () => chunks.join(''), writes: () => chunks };
}

describe('createLinePrefixer', () => {
  it('prefixes every whole line and holds a partial line until its newline', () => {
    const s = sink();
    const p = createLinePrefixer(s.out, 'worker-1', { width: 10 });
    p.write('first\nsec');
    expect(s.text()).toBe('[worker-1]   first\n');
    p.write('ond\r\nthird\n');
    expect(s.text()).toBe('[worker-1]   first\n[worker-1]   second\n[worker-1]   third\n');
  });

  it('writes each line in one write, so lines of different children never interleave', () => {
    const s = sink();
    const a = createLinePrefixer(s.out, 'a');
    const b = createLinePrefixer(s.out, 'b');
    a.write('one-');
    b.write('two\n');
    a.write('more\n');
    expect(s.writes()).toEqual(['[b] two\n', '[a] one-more\n']);
  });

  it('flushes a last line without a newline, and colours the label only', () => {
    const s = sink();
    const p = createLinePrefixer(s.out, 'ipfs', { color: 32 });
    p.write('bye');
    p.flush();
    p.flush();
    expect(s.text()).toBe('\x1b[32m[ipfs]\x1b[0m bye\n');
  });
});
