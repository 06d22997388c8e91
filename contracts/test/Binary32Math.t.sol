// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Binary32Math} from "../src/libraries/Binary32Math.sol";

/// The on-chain protocol polynomials and GELU: the engine's bits on sample points (from exp32, log32, tanh32 and
/// the ref backend's gelu/geluBackward), their special cases, and gas. The 100,000-case differential test per
/// function is node-core/test/e2e/binary32.e2e.test.ts.
contract Binary32MathTest is Test {
    uint32 constant NAN = 0x7fc00000;

    function assertBits(uint32 got, uint32 want, string memory what) internal pure {
        assertEq(uint256(got), uint256(want), what);
    }

    function test_enginesBitsOnSamplePoints() public pure {
        assertBits(Binary32Math.exp(0x3f800000), 0x402df854, "exp 1");
        assertBits(Binary32Math.exp(0xbf800000), 0x3ebc5ab2, "exp -1");
        assertBits(Binary32Math.exp(0xc2c80000), 0x0000001b, "exp -100: a subnormal");
        assertBits(Binary32Math.exp(0x42b10000), 0x7f4cdcc4, "exp 88.5");
        assertBits(Binary32Math.log(0x40000000), 0x3f317218, "log 2");
        assertBits(Binary32Math.log(0x3dcccccd), 0xc0135d8e, "log 0.1f");
        assertBits(Binary32Math.log(0x00000001), 0xc2ce8ed0, "log of the min subnormal");
        assertBits(Binary32Math.tanh(0x3e99999a), 0x3e9526ee, "tanh 0.3f");
        assertBits(Binary32Math.tanh(0xc0000000), 0xbf76ca83, "tanh -2");
        assertBits(Binary32Math.gelu(0x3f800000), 0x3f57585c, "gelu 1");
        assertBits(Binary32Math.gelu(0xc0400000), 0xbb6e6200, "gelu -3");
        assertBits(Binary32Math.geluBackward(0x3f800000, 0x40000000), 0x400a9e91, "geluBackward(1, dy = 2)");
    }

    function test_specialCases() public pure {
        assertBits(Binary32Math.exp(0), 0x3f800000, "exp 0 = 1");
        assertBits(Binary32Math.exp(0x42b20001), 0x7f800000, "exp just above 89 = +Inf");
        assertBits(Binary32Math.exp(0xc2d00001), 0, "exp just below -104 = +0");
        assertBits(Binary32Math.exp(0xff800000), 0, "exp -Inf = +0");
        assertBits(Binary32Math.exp(0x7fc00001), NAN, "exp NaN");
        assertBits(Binary32Math.log(0x3f800000), 0, "log 1 = +0");
        assertBits(Binary32Math.log(0x80000000), 0xff800000, "log -0 = -Inf");
        assertBits(Binary32Math.log(0xbf800000), NAN, "log -1 = NaN");
        assertBits(Binary32Math.log(0x7f800000), 0x7f800000, "log +Inf");
        assertBits(Binary32Math.tanh(0x80000000), 0x80000000, "tanh -0 = -0");
        assertBits(Binary32Math.tanh(0x7f800000), 0x3f800000, "tanh +Inf = 1");
        assertBits(Binary32Math.tanh(0xff800000), 0xbf800000, "tanh -Inf = -1");
    }

    function test_roundToIntegerTiesToEven() public pure {
        assertEq(Binary32Math.roundToInteger(0x3f000000), 0, "0.5");
        assertEq(Binary32Math.roundToInteger(0x3fc00000), 2, "1.5");
        assertEq(Binary32Math.roundToInteger(0x40200000), 2, "2.5");
        assertEq(Binary32Math.roundToInteger(0xc0600000), -4, "-3.5");
        assertEq(Binary32Math.roundToInteger(0x4b000001), 8388609, "2^23 + 1");
    }

    function testFuzz_fromIntegerIsExact(int24 n) public pure {
        uint32 bits = Binary32Math.fromInteger(n);
        assertEq(Binary32Math.roundToInteger(bits), int256(n), "an integer below 2^24 round-trips");
    }

    /// Gas of one elementwise one-step proof's arithmetic, on a typical activation.
    function test_gasPerFunction() public {
        uint32 x = 0x3f266666; // 0.65: tanh's exp branch
        uint256 g = gasleft();
        Binary32Math.exp(x);
        uint256 expGas = g - gasleft();
        g = gasleft();
        Binary32Math.log(x);
        uint256 logGas = g - gasleft();
        g = gasleft();
        Binary32Math.tanh(x);
        uint256 tanhGas = g - gasleft();
        g = gasleft();
        Binary32Math.gelu(x);
        uint256 geluGas = g - gasleft();
        g = gasleft();
        Binary32Math.geluBackward(x, 0x3f800000);
        uint256 geluBackwardGas = g - gasleft();
        emit log_named_uint("exp gas", expGas);
        emit log_named_uint("log gas", logGas);
        emit log_named_uint("tanh gas", tanhGas);
        emit log_named_uint("gelu gas", geluGas);
        emit log_named_uint("geluBackward gas", geluBackwardGas);
        assertLt(expGas, 30_000, "exp within budget");
        assertLt(logGas, 35_000, "log within budget");
        assertLt(tanhGas, 40_000, "tanh within budget");
        assertLt(geluGas, 50_000, "gelu within budget");
        assertLt(geluBackwardGas, 70_000, "geluBackward within budget");
    }
}
