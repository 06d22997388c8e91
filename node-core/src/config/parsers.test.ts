import { describe, expect, it } from 'vitest';
import { amountWei, boolean, port, positiveIntegerList, uint64String } from './parsers';
import { ValueError } from './optionSpec';

const MAX = (1n << 96n) - 1n;

describe('parsers', () => {
  it('amountWei takes integers in wei and decimals with ether or gwei', () => {
    const p = amountWei(MAX);
    expect(p('1000')).toBe(1000n);
    expect(p('1ether')).toBe(10n ** 18n);
    expect(p('0.5 ether')).toBe(5n * 10n ** 17n);
    expect(p('2gwei')).toBe(2n * 10n ** 9n);
    expect(p(7)).toBe(7n);
  });

  it('amountWei rejects fractions of a wei, negatives, junk and values over the maximum', () => {
    const p = amountWei(MAX);
    for (const bad of ['1.5', '-1', 'abc', '1e18', '0.0000000000000000001ether', (MAX + 1n).toString(), '1.2.3ether']) {
      expect(() => p(bad), bad).toThrow(ValueError);
    }
  });

  it('port, boolean, uint64 and integer lists', () => {
    expect(port('0')).toBe(0);
    expect(port(9464)).toBe(9464);
    expect(() => port('65536')).toThrow('expected a TCP port number (0-65535)');
    expect(boolean('yes')).toBe(true);
    expect(boolean(false)).toBe(false);
    expect(() => boolean('maybe')).toThrow('expected true or false');
    expect(uint64String('18446744073709551615')).toBe('18446744073709551615');
    expect(() => uint64String('18446744073709551616')).toThrow(ValueError);
    expect(positiveIntegerList(2)('784, 128,10')).toEqual([784, 128, 10]);
    expect(positiveIntegerList(2)([784, 10])).toEqual([784, 10]);
    expect(() => positiveIntegerList(2)('784')).toThrow(ValueError);
  });
});
