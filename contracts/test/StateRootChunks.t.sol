// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {StateRootChunks} from "../src/libraries/StateRootChunks.sol";

/// Chunk openings against docs/numerics.md §III.4's vectors (pattern(n) = bytes i mod 251), including a
/// promoted odd node; every malformed opening is refused. The differential test against the engine's
/// stateRootChunkProof over random encodings is node-core/test/e2e/stateRootChunks.e2e.test.ts.
contract StateRootChunksTest is Test {
    bytes32 constant ROOT_1 = 0x96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7;
    bytes32 constant ROOT_4097 = 0x20d6edb4716923f423bc8d5ffbe4e0caff847f4f8edf46308de4ee9654f0f663;
    bytes32 constant ROOT_3X4096_5 = 0xfbe599c33119c5df59ea8c931c1c64ab7cd93ae9a54af7f9482781d27549108a;
    bytes32 constant ROOT_5X4096 = 0x71a7337c152eb8dd2a526cbcf521a17ad5797b1fc4067e389ccc25f1df23cda9;

    function pattern(uint256 from, uint256 to) internal pure returns (bytes memory out) {
        out = new bytes(to - from);
        for (uint256 i = from; i < to; i++) {
            out[i - from] = bytes1(uint8(i % 251));
        }
    }

    function leaf(uint256 from, uint256 to) internal pure returns (bytes32) {
        return sha256(abi.encodePacked(bytes1(0x00), pattern(from, to)));
    }

    function node(bytes32 l, bytes32 r) internal pure returns (bytes32) {
        return sha256(abi.encodePacked(bytes1(0x01), l, r));
    }

    function one(bytes32 x) internal pure returns (bytes32[] memory s) {
        s = new bytes32[](1);
        s[0] = x;
    }

    function two(bytes32 x, bytes32 y) internal pure returns (bytes32[] memory s) {
        s = new bytes32[](2);
        (s[0], s[1]) = (x, y);
    }

    function test_singleChunk() public pure {
        assertTrue(StateRootChunks.verify(ROOT_1, 1, 0, pattern(0, 1), new bytes32[](0)), "n = 1");
        assertFalse(StateRootChunks.verify(ROOT_1, 1, 0, pattern(0, 1), one(ROOT_1)), "a sibling too many");
        assertFalse(
            StateRootChunks.verify(ROOT_1, 2, 0, pattern(0, 1), new bytes32[](0)),
            "a length the chunk does not fill"
        );
    }

    function test_twoChunks() public pure {
        bytes32 l0 = leaf(0, 4096);
        bytes32 l1 = leaf(4096, 4097);
        assertTrue(
            StateRootChunks.verify(ROOT_4097, 4097, 1, pattern(4096, 4097), one(l0)), "the short last chunk"
        );
        assertTrue(StateRootChunks.verify(ROOT_4097, 4097, 0, pattern(0, 4096), one(l1)), "the first chunk");
        assertFalse(
            StateRootChunks.verify(ROOT_4097, 4097, 0, pattern(4096, 4097), one(l1)),
            "the last chunk at index 0"
        );
        assertFalse(
            StateRootChunks.verify(ROOT_4097, 4097, 2, pattern(4096, 4097), one(l0)), "an index past the end"
        );
        assertFalse(
            StateRootChunks.verify(ROOT_4097, 4097, 1, pattern(4096, 4097), new bytes32[](0)),
            "a missing sibling"
        );
        assertFalse(
            StateRootChunks.verify(ROOT_4097, 4097, 1, pattern(4096, 4097), two(l0, l0)), "an extra sibling"
        );
        assertFalse(StateRootChunks.verify(ROOT_4097, 4097, 1, pattern(4095, 4096), one(l0)), "another byte");
    }

    function test_fourChunksLastShort() public pure {
        uint256 n = 3 * 4096 + 5;
        bytes32 n01 = node(leaf(0, 4096), leaf(4096, 8192));
        bytes32 l2 = leaf(8192, 12288);
        assertTrue(
            StateRootChunks.verify(ROOT_3X4096_5, n, 3, pattern(12288, n), two(l2, n01)), "chunk 3 of 4"
        );
        assertFalse(
            StateRootChunks.verify(ROOT_3X4096_5, n, 3, pattern(12288, n), two(n01, l2)),
            "siblings out of order"
        );
        assertFalse(
            StateRootChunks.verify(ROOT_3X4096_5, n + 1, 3, pattern(12288, n), two(l2, n01)),
            "a length one byte off"
        );
    }

    function test_promotedOddNode() public pure {
        // Five chunks: chunk 4 has no sibling at the leaf level (width 5) nor the next (width 3); it meets the
        // root of chunks 0-3 at the top.
        uint256 n = 5 * 4096;
        bytes32 n0123 =
            node(node(leaf(0, 4096), leaf(4096, 8192)), node(leaf(8192, 12288), leaf(12288, 16384)));
        assertTrue(StateRootChunks.verify(ROOT_5X4096, n, 4, pattern(16384, n), one(n0123)), "chunk 4 of 5");
        assertFalse(
            StateRootChunks.verify(ROOT_5X4096, n, 4, pattern(16384, n), two(leaf(16384, n), n0123)),
            "a sibling where the node was promoted"
        );
        assertEq(StateRootChunks.chunkCount(n), 5);
        assertEq(StateRootChunks.chunkCount(n + 1), 6);
        assertEq(StateRootChunks.chunkCount(0), 0);
    }

    function testFuzz_noChunkOfZeroLength(bytes32 root, uint256 index, bytes32 s) public pure {
        assertFalse(StateRootChunks.verify(root, 0, index, "", one(s)), "an empty encoding has no chunk");
    }
}
