// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Test helper: the positional steps tree of StepRecords (leaf i at index i, padded with zero leaves
///         to a power of two, node = keccak256(left ‖ right)), built layer by layer the way a worker builds it.
library StepTree {
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(a, b));
    }

    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        require(leaves.length > 0, "StepTree: no leaves");
        bytes32[] memory layer = _padded(leaves);
        while (layer.length > 1) {
            layer = _next(layer);
        }
        return layer[0];
    }

    function proof(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory out) {
        bytes32[] memory layer = _padded(leaves);
        uint256 depth;
        while ((uint256(1) << depth) < layer.length) ++depth;
        out = new bytes32[](depth);
        for (uint256 i = 0; i < depth; ++i) {
            out[i] = layer[index ^ 1];
            layer = _next(layer);
            index /= 2;
        }
    }

    function _padded(bytes32[] memory leaves) private pure returns (bytes32[] memory out) {
        uint256 width = 1;
        while (width < leaves.length) width *= 2;
        out = new bytes32[](width);
        for (uint256 i = 0; i < leaves.length; ++i) {
            out[i] = leaves[i];
        }
    }

    function _next(bytes32[] memory layer) private pure returns (bytes32[] memory next) {
        next = new bytes32[](layer.length / 2);
        for (uint256 i = 0; i < next.length; ++i) {
            next[i] = hashPair(layer[2 * i], layer[2 * i + 1]);
        }
    }
}
