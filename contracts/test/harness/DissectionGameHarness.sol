// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DissectionGame} from "../../src/DissectionGame.sol";
import {GameOneStep} from "../../src/GameOneStep.sol";
import {ICoordinator} from "../../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../../src/interfaces/IDisputeCourt.sol";

/// @notice The game without a coordinator: opens a game on given records (the step dispute's proofs are the
///         coordinator integration test's subject, CoordinatorGame.t.sol).
contract DissectionGameHarness is DissectionGame {
    constructor(address admin, GameOneStep oneStep_)
        DissectionGame(admin, ICoordinator(address(0)), IDisputeCourt(address(0)), oneStep_)
    {}

    function openForTest(
        uint256 disputeId,
        uint256 runId,
        uint64 step,
        bytes32 prevStateRoot,
        ICoordinator.StepRecord calldata record
    ) external payable {
        _open(disputeId, runId, step, prevStateRoot, record);
    }
}
