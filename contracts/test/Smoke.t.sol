// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base} from "./utils/Base.t.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";

contract SmokeTest is Base {
    function test_fraudFlow_endToEnd() public {
        (uint256 s1, Commitment memory c1) = work(alice, 0);
        (uint256 s2, Commitment memory c2) = work(bob, 12);
        uint256 d = dispute(carol, s2, c2, 12);
        assertEq(uint8(judge(d, IDisputeCourt.Vote.Fraud)), uint8(ICoordinator.DisputeStatus.Fraud));
        assertEq(uint8(coordinator.lease(s2).status), uint8(ICoordinator.Status.Invalid));
        assertEq(coordinator.runState(runId).tipStep, 8);
        passChallengeWindow();
        coordinator.finalize(s1);
        assertEq(coordinator.rewardsOwed(alice), 80 ether);
        vm.prank(alice);
        coordinator.claimRewards();
        assertEq(token.balanceOf(alice), 80 ether);
        assertSolvent();
        c1;
    }
}
