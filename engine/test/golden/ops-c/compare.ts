/**
 * Reads the C program's cases from stdin, hashes each as SHA-256 of its little-endian binary32 bytes and
 * compares with engine/test/golden/ops.json. Exit 1 on any mismatch.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const golden = JSON.parse(readFileSync(new URL('../ops.json', import.meta.url), 'utf8')) as {
  ops: Record<string, string>;
};
const input = readFileSync(0);
let offset = 0;
let failures = 0;
let cases = 0;
const readLine = (): string => {
  const end = input.indexOf(10, offset);
  const line = input.subarray(offset, end).toString('utf8');
  offset = end + 1;
  return line;
};
while (offset < input.length) {
  const name = readLine();
  const count = Number(readLine());
  const bytes = input.subarray(offset, offset + count * 4);
  offset += count * 4;
  const hash = createHash('sha256').update(bytes).digest('hex');
  const want = golden.ops[name];
  cases++;
  if (hash !== want) failures++;
  process.stdout.write(`${hash === want ? 'ok      ' : 'MISMATCH'} ${name} (${count} values)\n`);
}
process.stdout.write(`${cases - failures}/${cases} cases of the C implementation match ops.json\n`);
process.exit(failures === 0 && cases > 0 ? 0 : 1);
