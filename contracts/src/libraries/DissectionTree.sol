// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {StepRecords} from "./StepRecords.sol";

/// @title DissectionTree
/// @notice The positional keccak tree of the dissection game (docs/game.md, "Encodings"; the rule of
///         StepRecords): n leaves padded with bytes32(0) to the next power of two, node = keccak256(left ‖ right),
///         depth ceil(log2 n), a one-leaf tree's root is its leaf. A node is named by its height h above the leaves
///         and its index among the nodes of that height; it covers leaves [index << h, (index + 1) << h).
library DissectionTree {
    /// @notice k = 2^ARITY_LOG2 = 32 children per dissection round.
    uint256 internal constant ARITY_LOG2 = 5;

    /// @notice ceil(log2(leafCount)) (StepRecords' tree: one implementation).
    function depth(uint256 leafCount) internal pure returns (uint256) {
        return StepRecords.depth(leafCount);
    }

    /// @notice The root of a subtree of height h whose leaves are all padding (bytes32(0)).
    function zeroNode(uint256 h) internal pure returns (bytes32 z) {
        for (uint256 i = 0; i < h; ++i) {
            z = Hashes.efficientKeccak256(z, z);
        }
    }

    /// @notice How many levels a round descends from height h: min(5, h).
    function step(uint256 h) internal pure returns (uint256) {
        return h < ARITY_LOG2 ? h : ARITY_LOG2;
    }

    /// @notice The node the 2^s `children` hash to (children.length must be a power of two).
    function rehash(bytes32[] memory children) internal pure returns (bytes32) {
        uint256 width = children.length;
        while (width > 1) {
            width >>= 1;
            for (uint256 i = 0; i < width; ++i) {
                children[i] = Hashes.efficientKeccak256(children[2 * i], children[2 * i + 1]);
            }
        }
        return children[0];
    }

    /// @notice Whether `leafHash` is leaf `index` of a subtree of height proof.length with root `root`: a full tree of
    ///         2^proof.length leaves, so StepRecords' check applies as is (a proof of 256 or more levels is refused).
    function verify(bytes32[] calldata proof, bytes32 root, bytes32 leafHash, uint256 index)
        internal
        pure
        returns (bool)
    {
        if (proof.length >= 256) return false;
        return StepRecords.verifyLeaf(proof, root, leafHash, index, uint256(1) << proof.length);
    }

    /// @notice Whether `leafHash` is leaf `index` of the tree of `leafCount` leaves with root `root` (the proof's
    ///         length must be the tree's depth).
    function verifyLeaf(
        bytes32[] calldata proof,
        bytes32 root,
        bytes32 leafHash,
        uint256 index,
        uint256 leafCount
    ) internal pure returns (bool) {
        return StepRecords.verifyLeaf(proof, root, leafHash, index, leafCount);
    }

    /// @notice Value `slot` (0..7) of a 32-byte leaf of 8 big-endian binary32 values (rule 2).
    function valueAt(bytes32 word, uint256 slot) internal pure returns (uint32) {
        return uint32(uint256(word) >> (32 * (7 - slot)));
    }
}
