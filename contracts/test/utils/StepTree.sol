// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Test helper: a sorted-pair keccak Merkle tree (OpenZeppelin MerkleProof compatible) built layer by
///         layer, an odd node promoted unchanged.
library StepTree {
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encodePacked(a, b)) : keccak256(abi.encodePacked(b, a));
    }

    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        require(leaves.length > 0, "StepTree: no leaves");
        bytes32[] memory layer = leaves;
        while (layer.length > 1) {
            layer = _next(layer);
        }
        return layer[0];
    }

    function proof(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory out) {
        bytes32[] memory buf = new bytes32[](256);
        uint256 n;
        bytes32[] memory layer = leaves;
        while (layer.length > 1) {
            uint256 sibling = index ^ 1;
            if (sibling < layer.length) buf[n++] = layer[sibling];
            layer = _next(layer);
            index /= 2;
        }
        out = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) {
            out[i] = buf[i];
        }
    }

    function _next(bytes32[] memory layer) private pure returns (bytes32[] memory next) {
        next = new bytes32[]((layer.length + 1) / 2);
        for (uint256 i = 0; i < next.length; ++i) {
            uint256 l = 2 * i;
            next[i] = l + 1 < layer.length ? hashPair(layer[l], layer[l + 1]) : layer[l];
        }
    }
}
