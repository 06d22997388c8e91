// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Binary32} from "./Binary32.sol";

/// @title Binary32Math
/// @notice The VT-F32 protocol polynomials (docs/numerics.md §4: exp, log, tanh) and the GELU kernel (§3) on
/// binary32 bit patterns, built from Binary32's correctly rounded operations in exactly the engine's order,
/// so each returns the engine's bits. The elementwise one-step proofs of the dissection game recompute these.
library Binary32Math {
    using Binary32 for uint32;

    uint32 private constant ONE = 0x3f800000;
    uint32 private constant TWO = 0x40000000;
    uint32 private constant HALF = 0x3f000000;
    uint32 private constant NEG_INFINITY = 0xff800000;

    // exp (§4.1)
    uint32 private constant EXP_LOG2E = 0x3fb8aa3b;
    uint32 private constant LN2_HI = 0x3f317200;
    uint32 private constant LN2_LO = 0x35bfbe8e;
    uint32 private constant EXP_OVERFLOW_X = 0x42b20000; // 89
    uint32 private constant EXP_UNDERFLOW_X = 0xc2d00000; // -104
    uint32 private constant EXP_C2 = 0x3f000000;
    uint32 private constant EXP_C3 = 0x3e2aaa6c;
    uint32 private constant EXP_C4 = 0x3d2aaa8b;
    uint32 private constant EXP_C5 = 0x3c090836;
    uint32 private constant EXP_C6 = 0x3ab68b03;

    // log (§4.2)
    uint32 private constant LOG_SQRT2 = 0x3fb504f3;
    uint32 private constant TWO_POW_23 = 0x4b000000;
    uint32 private constant LOG_L1 = 0x3f2aaaab;
    uint32 private constant LOG_L2 = 0x3ecccccd;
    uint32 private constant LOG_L3 = 0x3e924925;
    uint32 private constant LOG_L4 = 0x3e638e39;

    // tanh (§4.3)
    uint32 private constant TANH_SMALL = 0x3f0ccccd;
    uint32 private constant TANH_P0 = 0xbeaaaaaa;
    uint32 private constant TANH_P1 = 0x3e0887f5;
    uint32 private constant TANH_P2 = 0xbd5cd022;
    uint32 private constant TANH_P3 = 0x3cae9107;
    uint32 private constant TANH_P4 = 0xbbd89a9c;

    // GELU (§3)
    uint32 private constant GELU_C = 0x3f4c422a;
    uint32 private constant GELU_A = 0x3d372713;
    uint32 private constant GELU_A3 = 0x3e095d4f;

    /// @notice VT-F32 exp: NaN → NaN; x > 89 → +Inf; x < −104 → +0; otherwise the range-reduced polynomial.
    function exp(uint32 x) internal pure returns (uint32) {
        if (x.isNaN()) return Binary32.DEFAULT_NAN;
        if (greaterThan(x, EXP_OVERFLOW_X)) return Binary32.POSITIVE_INFINITY;
        if (greaterThan(EXP_UNDERFLOW_X, x)) return 0;
        int256 n = roundToInteger(x.mul(EXP_LOG2E));
        uint32 nf = fromInteger(n);
        uint32 r = x.sub(nf.mul(LN2_HI)).sub(nf.mul(LN2_LO));
        uint32 p = EXP_C6;
        p = p.mul(r).add(EXP_C5);
        p = p.mul(r).add(EXP_C4);
        p = p.mul(r).add(EXP_C3);
        p = p.mul(r).add(EXP_C2);
        p = p.mul(r).add(ONE);
        p = p.mul(r).add(ONE);
        int256 h = n >= 0 ? n / 2 : -((1 - n) / 2); // floor(n / 2)
        return p.mul(pow2(h)).mul(pow2(n - h));
    }

    /// @notice VT-F32 natural log: NaN or x < 0 → NaN; ±0 → −Inf; +Inf → +Inf; otherwise fdlibm's reduction.
    function log(uint32 x) internal pure returns (uint32) {
        if (x.isNaN()) return Binary32.DEFAULT_NAN;
        if (x.isZero()) return NEG_INFINITY;
        if (x & Binary32.SIGN_BIT != 0) return Binary32.DEFAULT_NAN;
        if (x.isInfinity()) return x;
        int256 k = 0;
        uint32 v = x;
        if (v < 0x00800000) {
            v = v.mul(TWO_POW_23); // a subnormal, lifted exactly
            k = -23;
        }
        int256 e = int256(uint256((v >> 23) & 0xff)) - 127 + k;
        uint32 m = (v & 0x007fffff) | ONE;
        if (m > LOG_SQRT2) {
            m = m.mul(HALF);
            e += 1;
        }
        uint32 f = m.sub(ONE);
        uint32 s = f.div(TWO.add(f));
        uint32 z = s.mul(s);
        uint32 hfsq = HALF.mul(f.mul(f));
        uint32 q = LOG_L4;
        q = q.mul(z).add(LOG_L3);
        q = q.mul(z).add(LOG_L2);
        q = q.mul(z).add(LOG_L1);
        uint32 rr = q.mul(z);
        uint32 logm = f.sub(hfsq.sub(s.mul(hfsq.add(rr))));
        uint32 ef = fromInteger(e);
        return ef.mul(LN2_HI).add(ef.mul(LN2_LO).add(logm));
    }

    /// @notice VT-F32 tanh: NaN → NaN; the odd polynomial below 0.55, 1 − 2/(e^{2|z|} + 1) above; z's sign.
    function tanh(uint32 z) internal pure returns (uint32) {
        if (z.isNaN()) return Binary32.DEFAULT_NAN;
        uint32 a = z & 0x7fffffff;
        uint32 t;
        if (a < TANH_SMALL) {
            uint32 w = a.mul(a);
            uint32 p = TANH_P4;
            p = p.mul(w).add(TANH_P3);
            p = p.mul(w).add(TANH_P2);
            p = p.mul(w).add(TANH_P1);
            p = p.mul(w).add(TANH_P0);
            t = a.add(a.mul(w.mul(p)));
        } else {
            t = ONE.sub(TWO.div(exp(TWO.mul(a)).add(ONE)));
        }
        return t | (z & Binary32.SIGN_BIT);
    }

    /// @notice GELU, tanh form: (0.5 ⊗ x) ⊗ (1 ⊕ tanh(C ⊗ (x ⊕ A ⊗ x³))).
    function gelu(uint32 x) internal pure returns (uint32) {
        uint32 t = tanh(GELU_C.mul(x.add(GELU_A.mul(x.mul(x).mul(x)))));
        return HALF.mul(x).mul(ONE.add(t));
    }

    /// @notice The GELU backward kernel: dy ⊗ gelu'(x), in the engine's order.
    function geluBackward(uint32 x, uint32 dy) internal pure returns (uint32) {
        uint32 x2 = x.mul(x);
        uint32 t = tanh(GELU_C.mul(x.add(GELU_A.mul(x2.mul(x)))));
        uint32 left = HALF.mul(ONE.add(t));
        uint32 sech2 = ONE.sub(t.mul(t));
        uint32 du = ONE.add(GELU_A3.mul(x2));
        uint32 right = HALF.mul(x).mul(sech2).mul(GELU_C.mul(du));
        return dy.mul(left.add(right));
    }

    /// a > b for non-NaN a and b (−0 and +0 equal).
    function greaterThan(uint32 a, uint32 b) internal pure returns (bool) {
        return _orderKey(a) > _orderKey(b);
    }

    /// A key whose integer order is the floats' order, both zeros mapped to one key.
    function _orderKey(uint32 x) private pure returns (int256) {
        int256 magnitude = int256(uint256(x & 0x7fffffff));
        return x & Binary32.SIGN_BIT == 0 ? magnitude : -magnitude;
    }

    /// The integer nearest to the finite binary32 value x, ties to even (C `rintf`).
    function roundToInteger(uint32 x) internal pure returns (int256) {
        uint256 biased = (x >> 23) & 0xff;
        if (biased < 126) return 0; // |x| < 0.5
        uint256 m = (x & 0x007fffff) | 0x800000;
        uint256 q;
        if (biased >= 150) {
            q = m << (biased - 150); // already an integer
        } else {
            uint256 shift = 150 - biased;
            q = m >> shift;
            uint256 rest = m & ((1 << shift) - 1);
            uint256 half = 1 << (shift - 1);
            if (rest > half || (rest == half && q & 1 == 1)) q += 1;
        }
        return x & Binary32.SIGN_BIT == 0 ? int256(q) : -int256(q);
    }

    /// The binary32 value of an integer of magnitude below 2^24 (exact).
    function fromInteger(int256 n) internal pure returns (uint32) {
        if (n == 0) return 0;
        uint32 sign = n < 0 ? Binary32.SIGN_BIT : 0;
        uint256 m = uint256(n < 0 ? -n : n);
        require(m < 1 << 24, "Binary32Math: integer not exact");
        uint256 top = 0;
        while (m >> (top + 1) != 0) top++;
        return sign | uint32(((top + 127) << 23) | ((m << (23 - top)) & 0x007fffff));
    }

    /// 2^n as a binary32 normal number, n in [−126, 127].
    function pow2(int256 n) internal pure returns (uint32) {
        require(n >= -126 && n <= 127, "Binary32Math: pow2 out of range");
        return uint32(uint256(n + 127) << 23);
    }
}
