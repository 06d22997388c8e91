// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Binary32} from "../../src/libraries/Binary32.sol";

/// Batch entry point for the differential test against the engine (node-core/test/e2e/binary32.e2e.test.ts):
/// one eth_call evaluates an operation on many operand pairs.
contract Binary32Harness {
    /// op: 0 add, 1 sub, 2 mul, 3 div, 4 sqrt (of a; b ignored).
    function run(uint8 op, uint32[] calldata a, uint32[] calldata b)
        external
        pure
        returns (uint32[] memory out)
    {
        require(op <= 4, "op");
        require(op == 4 || a.length == b.length, "lengths");
        out = new uint32[](a.length);
        for (uint256 i = 0; i < a.length; i++) {
            if (op == 0) out[i] = Binary32.add(a[i], b[i]);
            else if (op == 1) out[i] = Binary32.sub(a[i], b[i]);
            else if (op == 2) out[i] = Binary32.mul(a[i], b[i]);
            else if (op == 3) out[i] = Binary32.div(a[i], b[i]);
            else out[i] = Binary32.sqrt(a[i]);
        }
    }
}
