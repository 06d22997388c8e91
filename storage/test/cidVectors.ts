import { deterministicBytes } from './deterministicBytes';

export interface CidVector {
  name: string;
  bytes: () => Uint8Array;
  /** `ipfs add --cid-version=1 --raw-leaves --chunker=size-262144` of the bytes (js-ipfs 0.66.1 agrees; see kuboStore.test.ts). */
  cid: string;
}

const text = (s: string) => () => new TextEncoder().encode(s);

/**
 * The committed CID vectors. The first two are well known from IPFS documentation (the raw block of
 * nothing, and of "hello world"); the rest cover every shape of the balanced DAG: one raw leaf up to
 * exactly one chunk, a dag-pb root over two leaves from one byte more, a root over 13 leaves, and a
 * two-level tree once a file has more than 174 chunks (181 here).
 */
export const CID_VECTORS: readonly CidVector[] = [
  {
    name: 'empty file',
    bytes: () => new Uint8Array(0),
    cid: 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku',
  },
  {
    name: '"hello world" (11 bytes)',
    bytes: text('hello world'),
    cid: 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e',
  },
  { name: '1 byte "a"', bytes: text('a'), cid: 'bafkreigks6arfsq3xxfpvqrrwonchxcnu6do76auprhhfomao6c273sixm' },
  {
    name: 'exactly 256 KiB',
    bytes: () => deterministicBytes(262_144),
    cid: 'bafkreia7utbblkyvyamt4ibyij6blfrpek5ibzlty3e76yegbdxur4os54',
  },
  {
    name: '256 KiB + 1 byte',
    bytes: () => deterministicBytes(262_145),
    cid: 'bafybeihg3e62nzeh2wesu7sbcgtdxsleylcdvrl7fwrmn2b22vuqom2vna',
  },
  {
    name: '3 MiB + 7 bytes',
    bytes: () => deterministicBytes(3 * 1024 * 1024 + 7),
    cid: 'bafybeig2oi4syhurcb7oshkzzb4ocfotix67i2pymmwxdvzepdbc5bsuii',
  },
  {
    name: '45 MiB + 12345 bytes (181 chunks, two levels)',
    bytes: () => deterministicBytes(45 * 1024 * 1024 + 12_345),
    cid: 'bafybeidwq3hkobphoabdrzaf2ovqikfizhal3h24ieuhsuu7txnfhpr3au',
  },
];
