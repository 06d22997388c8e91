// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Binary32} from "../src/libraries/Binary32.sol";

/// Binary32 by hand-checked values, the IEEE special rules, algebraic properties under fuzzing, and gas per
/// operation. The 100,000-case differential test per operation against the engine is
/// node-core/test/e2e/binary32.e2e.test.ts.
contract Binary32Test is Test {
    uint32 constant ONE = 0x3f800000;
    uint32 constant TWO = 0x40000000;
    uint32 constant NEG_ZERO = 0x80000000;
    uint32 constant INF = 0x7f800000;
    uint32 constant NEG_INF = 0xff800000;
    uint32 constant NAN = 0x7fc00000;
    uint32 constant MIN_SUBNORMAL = 0x00000001;
    uint32 constant MAX_SUBNORMAL = 0x007fffff;
    uint32 constant MIN_NORMAL = 0x00800000;
    uint32 constant MAX_FINITE = 0x7f7fffff;

    function assertBits(uint32 got, uint32 want, string memory what) internal pure {
        assertEq(uint256(got), uint256(want), what);
    }

    function test_roundsToNearestEven() public pure {
        assertBits(Binary32.add(ONE, TWO), 0x40400000, "1 + 2");
        assertBits(Binary32.add(0x3dcccccd, 0x3e4ccccd), 0x3e99999a, "0.1f + 0.2f");
        assertBits(Binary32.add(ONE, 0x33800000), ONE, "1 + 2^-24: a tie, to the even 1");
        assertBits(Binary32.add(ONE, 0x34400000), 0x3f800002, "1 + 3*2^-24: a tie, up to the even neighbour");
        assertBits(Binary32.div(ONE, 0x40400000), 0x3eaaaaab, "1 / 3");
        assertBits(Binary32.sqrt(TWO), 0x3fb504f3, "sqrt 2");
        assertBits(Binary32.sub(ONE, ONE), 0, "1 - 1 = +0");
        assertBits(Binary32.mul(0xbf800000, 0x40400000), 0xc0400000, "-1 * 3");
    }

    function test_keepsSubnormals() public pure {
        assertBits(Binary32.add(MAX_SUBNORMAL, MIN_SUBNORMAL), MIN_NORMAL, "max subnormal + min subnormal");
        assertBits(Binary32.mul(MIN_SUBNORMAL, 0x3f000000), 0, "min subnormal / 2: a tie, to the even +0");
        assertBits(
            Binary32.mul(0x00000003, 0x3f000000), 0x00000002, "3 min subnormal / 2: a tie, to the even 2"
        );
        assertBits(Binary32.div(MIN_NORMAL, TWO), 0x00400000, "min normal / 2");
        assertBits(Binary32.sqrt(MIN_SUBNORMAL), 0x1a3504f3, "sqrt of the min subnormal");
        assertBits(Binary32.sub(0x00800001, MIN_NORMAL), MIN_SUBNORMAL, "a subnormal difference of normals");
        assertBits(Binary32.mul(MIN_SUBNORMAL, MIN_SUBNORMAL), 0, "underflow to +0");
        assertBits(Binary32.mul(MIN_SUBNORMAL, 0xbf800000), 0x80000001, "-min subnormal");
    }

    function test_overflowsToInfinity() public pure {
        assertBits(Binary32.mul(MAX_FINITE, TWO), INF, "max * 2");
        assertBits(Binary32.add(MAX_FINITE, 0x73000000), INF, "max + half an ulp: a tie, up to infinity");
        assertBits(Binary32.add(MAX_FINITE, 0x72ffffff), MAX_FINITE, "max + under half an ulp");
        assertBits(Binary32.div(ONE, MIN_SUBNORMAL), INF, "1 / min subnormal");
        assertBits(Binary32.mul(0xff7fffff, TWO), NEG_INF, "-max * 2");
    }

    function test_specials() public pure {
        assertBits(Binary32.add(NEG_ZERO, NEG_ZERO), NEG_ZERO, "-0 + -0");
        assertBits(Binary32.add(NEG_ZERO, 0), 0, "-0 + +0");
        assertBits(Binary32.sub(0, 0), 0, "+0 - +0");
        assertBits(Binary32.sub(NEG_ZERO, 0), NEG_ZERO, "-0 - +0");
        assertBits(Binary32.add(INF, NEG_INF), NAN, "inf - inf");
        assertBits(Binary32.add(INF, MAX_FINITE), INF, "inf + x");
        assertBits(Binary32.mul(INF, 0), NAN, "inf * 0");
        assertBits(Binary32.mul(NEG_ZERO, ONE), NEG_ZERO, "-0 * 1");
        assertBits(Binary32.div(0, 0), NAN, "0 / 0");
        assertBits(Binary32.div(INF, INF), NAN, "inf / inf");
        assertBits(Binary32.div(ONE, NEG_ZERO), NEG_INF, "1 / -0");
        assertBits(Binary32.div(0xbf800000, INF), NEG_ZERO, "-1 / inf");
        assertBits(Binary32.sqrt(NEG_ZERO), NEG_ZERO, "sqrt -0");
        assertBits(Binary32.sqrt(0xbf800000), NAN, "sqrt -1");
        assertBits(Binary32.sqrt(INF), INF, "sqrt inf");
        assertBits(Binary32.add(0x7f800001, ONE), NAN, "a signalling NaN operand gives the default NaN");
        assertBits(Binary32.mul(ONE, 0xffc00123), NAN, "a NaN's payload is not kept");
    }

    function _sameValue(uint32 a, uint32 b) internal pure returns (bool) {
        return a == b || (Binary32.isNaN(a) && Binary32.isNaN(b));
    }

    function testFuzz_addAndMulCommute(uint32 a, uint32 b) public pure {
        assertTrue(_sameValue(Binary32.add(a, b), Binary32.add(b, a)), "a + b = b + a");
        assertTrue(_sameValue(Binary32.mul(a, b), Binary32.mul(b, a)), "a * b = b * a");
    }

    function testFuzz_subIsAddOfTheNegation(uint32 a, uint32 b) public pure {
        vm.assume(!Binary32.isNaN(b));
        assertTrue(_sameValue(Binary32.sub(a, b), Binary32.add(a, b ^ 0x80000000)), "a - b = a + (-b)");
    }

    function testFuzz_identities(uint32 a) public pure {
        vm.assume(!Binary32.isNaN(a));
        assertBits(Binary32.mul(a, ONE), a, "a * 1");
        assertBits(Binary32.div(a, ONE), a, "a / 1");
        if (!Binary32.isZero(a)) assertBits(Binary32.add(a, 0), a, "a + 0");
        uint32 square = Binary32.mul(a, a);
        // Exact squares of small-significand values come back exactly under sqrt.
        if (a & 0x7fffffff < 0x5f000000 && a & 0x7fffffff > 0x20000000 && a & 0xfff == 0) {
            assertBits(Binary32.sqrt(square), a & 0x7fffffff, "sqrt(a*a) = |a|");
        }
    }

    /// Gas per operation on typical normal operands (the one-step proof recomputes one of them).
    function test_gasPerOperation() public {
        uint32 a = 0x3fc90fdb; // pi/2
        uint32 b = 0x402df854; // e
        uint256 g = gasleft();
        Binary32.add(a, b);
        uint256 addGas = g - gasleft();
        g = gasleft();
        Binary32.mul(a, b);
        uint256 mulGas = g - gasleft();
        g = gasleft();
        Binary32.div(a, b);
        uint256 divGas = g - gasleft();
        g = gasleft();
        Binary32.sqrt(b);
        uint256 sqrtGas = g - gasleft();
        emit log_named_uint("add gas", addGas);
        emit log_named_uint("mul gas", mulGas);
        emit log_named_uint("div gas", divGas);
        emit log_named_uint("sqrt gas", sqrtGas);
        assertLt(addGas, 1_600, "add within budget");
        assertLt(mulGas, 1_500, "mul within budget");
        assertLt(divGas, 1_700, "div within budget");
        assertLt(sqrtGas, 2_200, "sqrt within budget");
    }
}
