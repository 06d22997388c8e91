import { SubgraphError } from '../manifest/subgraphError';
import { TypeId, type AscMemory } from './ascMemory';
import type { EntityStore } from './entityStore';
import { newBigDecimal, readBigDecimal, readEntity, writeEntity } from './storeValueCodec';

export type HostLog = (level: number, message: string) => void;

/**
 * The host functions graph-node gives a mapping, as far as these mappings import them (the test checks the
 * module imports nothing else). `getMemory` is late-bound: the instance exists only after instantiation.
 */
export function hostImports(
  getMemory: () => AscMemory,
  store: EntityStore,
  log: HostLog = () => undefined,
): WebAssembly.Imports {
  const m = getMemory;
  return {
    env: {
      abort(msg: number, file: number, line: number, col: number) {
        const mem = m();
        throw new SubgraphError(
          'MAPPING_ABORTED',
          `mapping aborted: ${mem.readString(msg)} at ${mem.readString(file)}:${line}:${col}`,
        );
      },
    },
    index: {
      'store.get': (type: number, id: number) => {
        const mem = m();
        const e = store.get(mem.readString(type), mem.readString(id));
        return e ? writeEntity(mem, e) : 0;
      },
      'store.get_in_block': (type: number, id: number) => {
        const mem = m();
        const e = store.get(mem.readString(type), mem.readString(id));
        return e ? writeEntity(mem, e) : 0;
      },
      'store.set': (type: number, id: number, data: number) => {
        const mem = m();
        store.set(mem.readString(type), mem.readString(id), readEntity(mem, data));
      },
      'store.loadRelated': (type: number, id: number, field: number) => {
        const mem = m();
        const related = store.loadRelated(mem.readString(type), mem.readString(id), mem.readString(field));
        return mem.newArray(
          related.map((e) => writeEntity(mem, e)),
          TypeId.ArrayTypedMapEntryStringStoreValue,
        );
      },
      'log.log': (level: number, msg: number) => log(level, m().readString(msg)),
    },
    conversion: {
      'typeConversion.bytesToHex': (bytes: number) => m().newString(m().readHex(bytes)),
      'typeConversion.bigIntToString': (bigInt: number) => m().newString(m().readBigInt(bigInt).toString()),
      'typeConversion.bytesToString': (bytes: number) =>
        m().newString(new TextDecoder().decode(m().readBytes(bytes)).replaceAll('\u0000', '')),
    },
    numbers: {
      'bigInt.plus': (x: number, y: number) => m().newBigInt(m().readBigInt(x) + m().readBigInt(y)),
      'bigInt.minus': (x: number, y: number) => m().newBigInt(m().readBigInt(x) - m().readBigInt(y)),
      'bigInt.times': (x: number, y: number) => m().newBigInt(m().readBigInt(x) * m().readBigInt(y)),
      'bigDecimal.fromString': (s: number) => newBigDecimal(m(), m().readString(s)),
      'bigDecimal.toString': (d: number) => m().newString(readBigDecimal(m(), d)),
    },
  };
}
