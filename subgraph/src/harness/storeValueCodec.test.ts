import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal } from './storeValueCodec';

describe('BigDecimal text', () => {
  it('parses what AssemblyScript prints for floats, normalised without trailing zeros', () => {
    expect(parseDecimal('2.0')).toEqual({ digits: 2n, exp: 0 });
    expect(parseDecimal('1.4012984643248171e-45')).toEqual({ digits: 14012984643248171n, exp: -61 });
    expect(parseDecimal('-0.500')).toEqual({ digits: -5n, exp: -1 });
    expect(parseDecimal('1e+21')).toEqual({ digits: 1n, exp: 21 });
  });

  it('prints digits and exponent as a plain decimal', () => {
    expect(formatDecimal(2n, 0)).toBe('2');
    expect(formatDecimal(-5n, -1)).toBe('-0.5');
    expect(formatDecimal(12n, 3)).toBe('12000');
    expect(formatDecimal(14n, -3)).toBe('0.014');
  });

  it('rejects text that is not a number, naming it', () => {
    expect(() => parseDecimal('NaN')).toThrow(/not a decimal number: "NaN"/);
  });
});
