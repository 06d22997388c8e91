// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorFixture} from "./utils/CoordinatorFixture.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";

/// Regression tests for findings of the Coordinator test review (each failed before its fix).
contract CoordinatorFindingsTest is CoordinatorFixture {
    /// Honest verdict on a dispute of an already-Invalid submission credits the cheating worker.
    function test_onVerdict_honestOnInvalidSubmission_paysWorkerNothing() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        uint256 d1 = dispute(carol, s, c, 3); // the real fraud
        ICoordinator.DisputeClaim memory claim = claimFor(s, c, 2); // step 2 is correct
        claim.claimedRoot = keccak256("mistaken");
        vm.prank(bob);
        uint256 d2 = coordinator.openDispute{value: CHALLENGER_BOND}(s, claim);
        commitAll(d1, IDisputeCourt.Vote.Fraud);
        commitAll(d2, IDisputeCourt.Vote.Honest);
        vm.warp(block.timestamp + COMMIT_DURATION + 1);
        revealAll(d1, IDisputeCourt.Vote.Fraud);
        revealAll(d2, IDisputeCourt.Vote.Honest);
        vm.warp(block.timestamp + REVEAL_DURATION);
        resolveAndSettle(d1);
        assertStatus(s, ICoordinator.Status.Invalid);
        resolveAndSettle(d2);
        assertEq(coordinator.credits(alice), 0, "the worker of an Invalid submission must get nothing");
    }

    /// A lease left to lapse past its deadline, cancelled by a rollback before anyone expired it, escapes the slash.
    function test_rollback_lapsedLiveLease_isExpiredNotRefunded() public {
        (uint256 s1, Commitment memory c1) = work(alice, 2);
        uint256 d = dispute(carol, s1, c1, 2);
        uint256 live = acquire(bob);
        voteThrough(d, IDisputeCourt.Vote.Fraud); // 2 h: bob's 1 h lease lapses unsubmitted
        assertGt(block.timestamp, coordinator.lease(live).deadline);
        court.resolve(d);
        (,,, uint256 refund) = expirySplit(WORKER_BOND);
        assertEq(coordinator.credits(bob), refund, "a lapsed lease should pay the expiry slash");
        assertEq(uint8(coordinator.lease(live).status), uint8(ICoordinator.Status.Expired));
    }

    /// The holder expires its own lapsed lease and keeps the keeper reward.
    function test_expireLease_byHolder_keeperRewardGoesToTreasury() public {
        uint256 id = acquire(alice);
        vm.warp(block.timestamp + LEASE_DURATION + 1);
        vm.prank(alice);
        coordinator.expireLease(id);
        (uint256 slashed,,,) = expirySplit(WORKER_BOND);
        assertEq(
            coordinator.credits(alice), WORKER_BOND - slashed, "holder must not recover the keeper reward"
        );
        assertEq(coordinator.credits(treasury), slashed, "the whole slash goes to the treasury");
    }
}
