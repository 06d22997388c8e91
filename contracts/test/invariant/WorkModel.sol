// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StepRecords} from "../../src/libraries/StepRecords.sol";
import {StepTree} from "../utils/StepTree.sol";

/// @notice The "ground truth" the invariant actors share: the honest state root of every step, and the
///         commitment a worker posts for a lease (honest, or wrong from a first bad step on). Same model as
///         Base's helpers, kept separate so the handler needs no test-contract inheritance.
library WorkModel {
    struct Commitment {
        bytes32[] leaves;
        bytes32[] roots;
        uint32[] losses;
        bytes32 stepsRoot;
        bytes32 finalRoot;
        bytes lossesPacked;
        bytes32[] finalProof;
    }

    function honestRoot(uint256 runId, uint64 step) internal pure returns (bytes32) {
        return keccak256(abi.encode("state", runId, step));
    }

    function fakeRoot(uint64 step) internal pure returns (bytes32) {
        return keccak256(abi.encode("fraud", step));
    }

    /// @dev What a false challenger claims against an honest record.
    function wrongClaim(uint64 step) internal pure returns (bytes32) {
        return keccak256(abi.encode("wrong claim", step));
    }

    function loss(uint64 step) internal pure returns (uint32) {
        return uint32(0x40000000) - uint32(step);
    }

    /// @dev Is the worker's record for `step` wrong, for a submission built with first bad step `badStep`?
    function isBad(uint64 badStep, uint64 step) internal pure returns (bool) {
        return badStep != 0 && step >= badStep;
    }

    function build(uint256 runId, uint64 first, uint64 last, uint64 badStep)
        internal
        pure
        returns (Commitment memory c)
    {
        uint256 n = last - first + 1;
        c.leaves = new bytes32[](n);
        c.roots = new bytes32[](n);
        c.losses = new uint32[](n);
        for (uint256 i = 0; i < n; ++i) {
            uint64 s = first + uint64(i);
            c.roots[i] = isBad(badStep, s) ? fakeRoot(s) : honestRoot(runId, s);
            c.losses[i] = loss(s);
            c.leaves[i] = StepRecords.leaf(runId, s, c.roots[i], c.losses[i]);
            c.lossesPacked = bytes.concat(c.lossesPacked, bytes4(c.losses[i]));
        }
        c.stepsRoot = StepTree.root(c.leaves);
        c.finalRoot = c.roots[n - 1];
        c.finalProof = StepTree.proof(c.leaves, n - 1);
    }
}
