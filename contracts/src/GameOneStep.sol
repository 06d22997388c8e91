// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDissectionGame} from "./interfaces/IDissectionGame.sol";
import {GameOps} from "./libraries/GameOps.sol";
import {StateRootChunks} from "./libraries/StateRootChunks.sol";

/// @title GameOneStep
/// @notice The one-step arithmetic of the dissection game, split out of DissectionGame so that the game stays
///         under the EIP-170 code size limit: stateless, deployed once, its address fixed in the game's
///         constructor. See GameOps for the rules.
contract GameOneStep {
    /// @notice out[e] (a map) or acc_t (a reduction's term, `prev` = acc_{t-1}) of the op `opBytes`, reading
    ///         its inputs from `openings` as `r` describes; and how many openings it read.
    function recompute(
        bytes calldata opBytes,
        GameOps.Reader memory r,
        IDissectionGame.OperandOpening[] calldata openings,
        uint32 prev
    ) external pure returns (uint32 value, uint256 read) {
        GameOps.Op memory op = GameOps.decode(opBytes);
        r.operands = op.operands;
        value = r.term == 0 ? GameOps.element(op, r, openings) : GameOps.term(op, r, openings, prev);
        read = r.cursor;
    }

    /// @notice The element a LOAD_STATE op `opBytes` reads: the little-endian binary32 at byte
    ///         `base + dataByteOffset` (base = D + 4e) of checkpoint j-1, from its chunk opened against `stateRoot`.
    function loadedValue(
        bytes calldata opBytes,
        bytes32 stateRoot,
        uint256 base,
        uint256 stateByteLength,
        bytes calldata chunk,
        bytes32[] calldata siblings
    ) external pure returns (uint32) {
        GameOps.Op memory op = GameOps.decode(opBytes);
        if (op.kind != GameOps.LOAD_STATE) revert IDissectionGame.BadOpening("not a load");
        uint256 at = base + op.scalars[1];
        uint256 offset = at % StateRootChunks.CHUNK_BYTES;
        if (offset + 4 > chunk.length) revert IDissectionGame.BadOpening("element not in chunk");
        if (!StateRootChunks.verify(
                stateRoot, stateByteLength, at / StateRootChunks.CHUNK_BYTES, chunk, siblings
            )) {
            revert IDissectionGame.BadOpening("chunk against stateRoot(j-1)");
        }
        return uint32(uint8(chunk[offset])) | (uint32(uint8(chunk[offset + 1])) << 8)
            | (uint32(uint8(chunk[offset + 2])) << 16) | (uint32(uint8(chunk[offset + 3])) << 24);
    }

    /// @notice out[e] = finish(acc_T) of the reduction `opBytes`.
    function finish(bytes calldata opBytes, uint32 acc) external pure returns (uint32) {
        return GameOps.finish(GameOps.decode(opBytes), acc);
    }
}
