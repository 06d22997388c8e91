/**
 * The fixed MNIST split and order, as pure integer arithmetic (documented in docs/datasets.md).
 *
 * 1. Test quota per class, by largest remainder: class c gets floor(T·n_c/N) test examples, and the
 *    T − Σ floors classes with the largest remainders (T·n_c mod N; ties: lower label) get one more.
 *    With T = 2000, N = 10000 every class gets 20% of its examples, rounded so the total is exactly T.
 * 2. Inside class c (stored order j = 0..n_c−1, quota m_c) example j is test iff
 *    floor((j+1)·m_c/n_c) > floor(j·m_c/n_c): m_c examples spread evenly through the file rather than
 *    its tail (the package's files may keep the original easy-then-hard NIST order).
 * 3. Each split is ordered by merging the classes proportionally: the k-th of a class's n'_c examples
 *    in that split gets the key (2k+1)/(2n'_c); sort by key (exact rational comparison), ties by label.
 *    Every stretch of the split, hence every shard, holds close to the global class mix.
 */
export interface ExampleRef {
  label: number;
  /** Index in the class's digit file (stored order). */
  index: number;
}

export function testQuotas(countByClass: readonly number[], testTotal: number): number[] {
  const total = countByClass.reduce((a, b) => a + b, 0);
  const quotas = countByClass.map((n) => Math.floor((testTotal * n) / total));
  const remainders = countByClass.map((n, label) => ({ label, remainder: (testTotal * n) % total }));
  remainders.sort((a, b) => b.remainder - a.remainder || a.label - b.label);
  let left = testTotal - quotas.reduce((a, b) => a + b, 0);
  for (const { label } of remainders) {
    if (left === 0) break;
    quotas[label]! += 1;
    left -= 1;
  }
  return quotas;
}

export function isTestExample(index: number, classCount: number, quota: number): boolean {
  return Math.floor(((index + 1) * quota) / classCount) > Math.floor((index * quota) / classCount);
}

/** Splits and orders all examples; returns the train and test sequences. */
export function splitMnist(
  countByClass: readonly number[],
  testTotal: number,
): { train: ExampleRef[]; test: ExampleRef[] } {
  const quotas = testQuotas(countByClass, testTotal);
  const trainByClass: ExampleRef[][] = [];
  const testByClass: ExampleRef[][] = [];
  countByClass.forEach((n, label) => {
    const train: ExampleRef[] = [];
    const test: ExampleRef[] = [];
    for (let index = 0; index < n; index++) {
      (isTestExample(index, n, quotas[label]!) ? test : train).push({ label, index });
    }
    trainByClass.push(train);
    testByClass.push(test);
  });
  return { train: proportionalMerge(trainByClass), test: proportionalMerge(testByClass) };
}

function proportionalMerge(byClass: readonly ExampleRef[][]): ExampleRef[] {
  const keyed = byClass.flatMap((refs) => refs.map((ref, k) => ({ ref, num: 2 * k + 1, den: 2 * refs.length })));
  // The products stay below (2·10^4)^2 = 4·10^8: exact in doubles, so the order is exact.
  keyed.sort((a, b) => a.num * b.den - b.num * a.den || a.ref.label - b.ref.label);
  return keyed.map((k) => k.ref);
}
