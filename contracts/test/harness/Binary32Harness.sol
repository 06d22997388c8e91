// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Binary32} from "../../src/libraries/Binary32.sol";
import {Binary32Math} from "../../src/libraries/Binary32Math.sol";

/// Batch entry point for the differential test against the engine (node-core/test/e2e/binary32.e2e.test.ts):
/// one eth_call evaluates an operation on many operand pairs.
contract Binary32Harness {
    /// op: 0 add, 1 sub, 2 mul, 3 div, 4 sqrt, 5 exp, 6 log, 7 tanh, 8 gelu (of a; b ignored), 9 geluBackward(x = a, dy = b).
    function run(uint8 op, uint32[] calldata a, uint32[] calldata b)
        external
        pure
        returns (uint32[] memory out)
    {
        require(op <= 9, "op");
        bool unary = op >= 4 && op <= 8;
        require(unary || a.length == b.length, "lengths");
        out = new uint32[](a.length);
        for (uint256 i = 0; i < a.length; i++) {
            uint32 x = a[i];
            if (op == 0) out[i] = Binary32.add(x, b[i]);
            else if (op == 1) out[i] = Binary32.sub(x, b[i]);
            else if (op == 2) out[i] = Binary32.mul(x, b[i]);
            else if (op == 3) out[i] = Binary32.div(x, b[i]);
            else if (op == 4) out[i] = Binary32.sqrt(x);
            else if (op == 5) out[i] = Binary32Math.exp(x);
            else if (op == 6) out[i] = Binary32Math.log(x);
            else if (op == 7) out[i] = Binary32Math.tanh(x);
            else if (op == 8) out[i] = Binary32Math.gelu(x);
            else out[i] = Binary32Math.geluBackward(x, b[i]);
        }
    }
}
