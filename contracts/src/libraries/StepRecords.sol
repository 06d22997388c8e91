// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/// @title StepRecords
/// @notice The step-record leaf committed in a submission's stepsRoot, and its positional proof check.
/// @dev leaf(s) = keccak256(abi.encode(runId, s, stateRoot(s), lossBits(s))). stepsRoot is a positional binary
///      Merkle tree over exactly n = lastStep - firstStep + 1 leaves, leaf i being the record of step
///      firstStep + i, padded with bytes32(0) leaves to the next power of two; a node is keccak256(left ‖ right)
///      in that order (no sorting). A proof therefore binds the leaf's index, and its length must be the tree's
///      depth ceil(log2 n): a worker cannot commit a tree that leaves a step out or puts it elsewhere and still
///      open every other step. Leaves are 128-byte preimages, never confusable with 64-byte nodes.
library StepRecords {
    function leaf(uint256 runId, uint64 step, bytes32 stateRoot, uint32 lossBits)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(runId, uint256(step), stateRoot, uint256(lossBits)));
    }

    /// @notice ceil(log2(leafCount)): the exact length of every proof in a tree of `leafCount` leaves.
    function depth(uint256 leafCount) internal pure returns (uint256 d) {
        while ((uint256(1) << d) < leafCount) ++d;
    }

    /// @notice Whether `leafHash` is leaf `index` of the positional tree of `leafCount` leaves with root `root`.
    function verifyLeaf(
        bytes32[] calldata proof,
        bytes32 root,
        bytes32 leafHash,
        uint256 index,
        uint256 leafCount
    ) internal pure returns (bool) {
        if (index >= leafCount || proof.length != depth(leafCount)) return false;
        bytes32 h = leafHash;
        for (uint256 i = 0; i < proof.length; ++i) {
            h = (index >> i) & 1 == 0
                ? Hashes.efficientKeccak256(h, proof[i])
                : Hashes.efficientKeccak256(proof[i], h);
        }
        return h == root;
    }

    /// @notice Whether the record of `step` is in the steps tree of a submission covering firstStep..lastStep.
    function verify(
        bytes32[] calldata proof,
        bytes32 stepsRoot,
        uint256 runId,
        uint64 step,
        bytes32 stateRoot,
        uint32 lossBits,
        uint64 firstStep,
        uint64 lastStep
    ) internal pure returns (bool) {
        if (step < firstStep || step > lastStep) return false;
        return verifyLeaf(
            proof,
            stepsRoot,
            leaf(runId, step, stateRoot, lossBits),
            uint256(step - firstStep),
            uint256(lastStep - firstStep) + 1
        );
    }
}
