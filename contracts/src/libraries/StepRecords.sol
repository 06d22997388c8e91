// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title StepRecords
/// @notice The step-record leaf committed in a submission's stepsRoot, and its proof check.
/// @dev leaf(s) = keccak256(abi.encode(runId, s, stateRoot(s), lossBits(s))); stepsRoot is an OpenZeppelin
///      MerkleProof tree (sorted-pair keccak256). The leaf binds run and step, so a proof cannot be replayed at
///      another position or in another run; leaves are 128-byte preimages, never confusable with 64-byte nodes.
library StepRecords {
    function leaf(uint256 runId, uint64 step, bytes32 stateRoot, uint32 lossBits)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(runId, uint256(step), stateRoot, uint256(lossBits)));
    }

    function verify(
        bytes32[] calldata proof,
        bytes32 stepsRoot,
        uint256 runId,
        uint64 step,
        bytes32 stateRoot,
        uint32 lossBits
    ) internal pure returns (bool) {
        return MerkleProof.verifyCalldata(proof, stepsRoot, leaf(runId, step, stateRoot, lossBits));
    }
}
