// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title Binary32
/// @notice IEEE 754 binary32 arithmetic on bit patterns, as VT-F32 defines it (docs/numerics.md §1): add,
/// subtract, multiply, divide and square root, each correctly rounded to nearest, ties to even, with
/// subnormal inputs and results kept (no flush to zero) and signed zeros and infinities by the IEEE rules.
/// These are the one-step operations the dissection game recomputes on chain (docs/protocol.md).
/// @dev Every operation computes the exact result as an integer significand and a power of two, then rounds
/// once (`_round`). NaN results are the default NaN 0x7fc00000: NaN payloads are not part of VT-F32, only
/// NaN-ness is.
library Binary32 {
    uint32 internal constant SIGN_BIT = 0x80000000;
    uint32 internal constant DEFAULT_NAN = 0x7fc00000;
    uint32 internal constant POSITIVE_INFINITY = 0x7f800000;
    uint32 private constant ABS_MASK = 0x7fffffff;
    uint256 private constant FRACTION_MASK = 0x7fffff;
    uint256 private constant HIDDEN_BIT = 0x800000;
    /// The exponent of a subnormal's (and the smallest normal's) least significant bit.
    int256 private constant MIN_LSB_EXPONENT = -149;

    function isNaN(uint32 x) internal pure returns (bool) {
        return x & ABS_MASK > POSITIVE_INFINITY;
    }

    function isInfinity(uint32 x) internal pure returns (bool) {
        return x & ABS_MASK == POSITIVE_INFINITY;
    }

    function isZero(uint32 x) internal pure returns (bool) {
        return x & ABS_MASK == 0;
    }

    /// @notice a ⊕ b.
    function add(uint32 a, uint32 b) internal pure returns (uint32) {
        unchecked {
            if (isNaN(a) || isNaN(b)) return DEFAULT_NAN;
            if (isInfinity(a)) return isInfinity(b) && a != b ? DEFAULT_NAN : a;
            if (isInfinity(b)) return b;
            if (isZero(b)) return isZero(a) ? a & b : a; // −0 + −0 = −0; every other sum of zeros is +0
            if (isZero(a)) return b;
            (uint256 ma, int256 ea) = _unpack(a);
            (uint256 mb, int256 eb) = _unpack(b);
            // Order by magnitude: the bit patterns of finite non-negative floats order as their values.
            if (a & ABS_MASK < b & ABS_MASK) {
                (a, b) = (b, a);
                (ma, mb) = (mb, ma);
                (ea, eb) = (eb, ea);
            }
            // |b| below a quarter of a's unit in the last place cannot move the rounded sum off a (a is then
            // normal, and no rounding boundary lies that close to it).
            if (ea - eb > 26) return a;
            ma <<= uint256(ea - eb);
            bool negative = a & SIGN_BIT != 0;
            if ((a ^ b) & SIGN_BIT == 0) return _round(negative, ma + mb, eb);
            if (ma == mb) return 0; // exact cancellation is +0 when rounding to nearest
            return _round(negative, ma - mb, eb); // ma > mb: |a| ≥ |b| and they differ
        }
    }

    /// @notice a ⊖ b.
    function sub(uint32 a, uint32 b) internal pure returns (uint32) {
        // a − b is a + (−b) exactly, NaN and zero rules included.
        return add(a, isNaN(b) ? b : b ^ SIGN_BIT);
    }

    /// @notice a ⊗ b.
    function mul(uint32 a, uint32 b) internal pure returns (uint32) {
        unchecked {
            if (isNaN(a) || isNaN(b)) return DEFAULT_NAN;
            bool negative = (a ^ b) & SIGN_BIT != 0;
            uint32 sign = negative ? SIGN_BIT : 0;
            if (isInfinity(a) || isInfinity(b)) {
                return isZero(a) || isZero(b) ? DEFAULT_NAN : sign | POSITIVE_INFINITY;
            }
            if (isZero(a) || isZero(b)) return sign;
            (uint256 ma, int256 ea) = _unpack(a);
            (uint256 mb, int256 eb) = _unpack(b);
            return _round(negative, ma * mb, ea + eb);
        }
    }

    /// @notice a ⊘ b.
    function div(uint32 a, uint32 b) internal pure returns (uint32) {
        unchecked {
            if (isNaN(a) || isNaN(b)) return DEFAULT_NAN;
            bool negative = (a ^ b) & SIGN_BIT != 0;
            uint32 sign = negative ? SIGN_BIT : 0;
            if (isInfinity(a)) return isInfinity(b) ? DEFAULT_NAN : sign | POSITIVE_INFINITY;
            if (isInfinity(b)) return sign;
            if (isZero(b)) return isZero(a) ? DEFAULT_NAN : sign | POSITIVE_INFINITY;
            if (isZero(a)) return sign;
            (uint256 ma, int256 ea) = _unpack(a);
            (uint256 mb, int256 eb) = _unpack(b);
            // 64 extra bits give a quotient of at least 40 bits (ma ≥ 1, mb < 2^24); a non-zero remainder becomes a
            // sticky bit below them, which is all correct rounding needs of the discarded part.
            uint256 scaled = ma << 64;
            uint256 q = scaled / mb;
            uint256 sticky = scaled % mb == 0 ? 0 : 1;
            return _round(negative, (q << 1) | sticky, ea - eb - 65);
        }
    }

    /// @notice √a.
    function sqrt(uint32 a) internal pure returns (uint32) {
        unchecked {
            if (isNaN(a)) return DEFAULT_NAN;
            if (isZero(a)) return a; // √(±0) = ±0
            if (a & SIGN_BIT != 0) return DEFAULT_NAN;
            if (isInfinity(a)) return a;
            (uint256 m, int256 e) = _unpack(a);
            if (e % 2 != 0) {
                m <<= 1;
                e -= 1;
            }
            // √(m·2^64) has at least 32 bits (m ≥ 1); an inexact root becomes a sticky bit below them.
            uint256 scaled = m << 64;
            uint256 r = Math.sqrt(scaled);
            uint256 sticky = r * r == scaled ? 0 : 1;
            return _round(false, (r << 1) | sticky, e / 2 - 33);
        }
    }

    /// |x| = m · 2^e for a finite x (m = 0 for a zero).
    function _unpack(uint32 x) private pure returns (uint256 m, int256 e) {
        unchecked {
            uint256 biased = (x >> 23) & 0xff;
            m = x & FRACTION_MASK;
            if (biased == 0) return (m, MIN_LSB_EXPONENT);
            return (m | HIDDEN_BIT, int256(biased) - 150);
        }
    }

    /// The binary32 nearest to (−1)^negative · m · 2^e, ties to even; ±Infinity past the largest finite value,
    /// a subnormal or a signed zero below the smallest normal one. m > 0.
    function _round(bool negative, uint256 m, int256 e) private pure returns (uint32) {
        unchecked {
            uint32 sign = negative ? SIGN_BIT : 0;
            int256 bits = int256(Math.log2(m)) + 1;
            // Keep 24 significant bits, or fewer where that would put the last one below 2^−149.
            int256 shift = bits - 24;
            if (e + shift < MIN_LSB_EXPONENT) shift = MIN_LSB_EXPONENT - e;
            uint256 q;
            if (shift <= 0) {
                q = m << uint256(-shift); // exact
            } else {
                // All of m is below half of the smallest subnormal: it rounds to zero.
                if (shift > bits) return sign;
                uint256 s = uint256(shift);
                q = m >> s;
                uint256 rest = m & ((1 << s) - 1);
                uint256 half = 1 << (s - 1);
                if (rest > half || (rest == half && q & 1 == 1)) q += 1;
            }
            int256 lsbExponent = e + shift;
            if (q == 1 << 24) {
                // Rounding carried into a 25th bit: 2^24 · 2^k is 2^23 · 2^(k+1).
                q >>= 1;
                lsbExponent += 1;
            }
            if (q < HIDDEN_BIT) return sign | uint32(q); // subnormal (lsbExponent is −149), or zero
            int256 biased = lsbExponent + 150;
            if (biased >= 255) return sign | POSITIVE_INFINITY;
            return sign | uint32(uint256(biased) << 23) | uint32(q & FRACTION_MASK);
        }
    }
}
