// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title StateRootChunks
/// @notice Opens one 4 KiB chunk of an encoded training state against its stateRoot (docs/numerics.md §III.4):
/// a binary SHA-256 tree over 4096-byte chunks (the last 1..4096 bytes), leaves SHA-256(0x00 ‖ chunk), inner
/// nodes SHA-256(0x01 ‖ left ‖ right), an unpaired last node promoted unchanged. The one-step proofs of the
/// dissection game read a state value through it (a state-load op).
library StateRootChunks {
    uint256 internal constant CHUNK_BYTES = 4096;

    /// The number of chunks of an encoding of `byteLength` bytes (0 for none).
    function chunkCount(uint256 byteLength) internal pure returns (uint256) {
        return (byteLength + CHUNK_BYTES - 1) / CHUNK_BYTES;
    }

    /// @notice True when `chunk` is chunk `chunkIndex` of a `byteLength`-byte encoding whose root is `root`.
    /// @dev The tree's shape follows from byteLength, so the verifier knows which levels have a sibling (at a
    /// level of width w, position i has one iff i xor 1 < w) and requires exactly that many; the chunk must be
    /// 4096 bytes unless it is the last, and the last must be exactly what byteLength leaves.
    function verify(
        bytes32 root,
        uint256 byteLength,
        uint256 chunkIndex,
        bytes memory chunk,
        bytes32[] memory siblings
    ) internal pure returns (bool) {
        uint256 count = chunkCount(byteLength);
        if (chunkIndex >= count) return false;
        uint256 expectedLength = chunkIndex < count - 1 ? CHUNK_BYTES : byteLength - chunkIndex * CHUNK_BYTES;
        if (chunk.length != expectedLength) return false;
        bytes32 hash = sha256(abi.encodePacked(bytes1(0x00), chunk));
        uint256 i = chunkIndex;
        uint256 width = count;
        uint256 used = 0;
        while (width > 1) {
            if ((i ^ 1) < width) {
                if (used == siblings.length) return false;
                bytes32 s = siblings[used++];
                hash = i % 2 == 0
                    ? sha256(abi.encodePacked(bytes1(0x01), hash, s))
                    : sha256(abi.encodePacked(bytes1(0x01), s, hash));
            }
            i /= 2;
            width = (width + 1) / 2;
        }
        return used == siblings.length && hash == root;
    }
}
