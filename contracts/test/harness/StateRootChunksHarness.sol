// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StateRootChunks} from "../../src/libraries/StateRootChunks.sol";

/// Entry point for the chunk-opening test against the engine (node-core/test/e2e/stateRootChunks.e2e.test.ts).
contract StateRootChunksHarness {
    function verify(
        bytes32 root,
        uint256 byteLength,
        uint256 chunkIndex,
        bytes calldata chunk,
        bytes32[] calldata siblings
    ) external pure returns (bool) {
        return StateRootChunks.verify(root, byteLength, chunkIndex, chunk, siblings);
    }
}
