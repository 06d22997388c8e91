// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorFixture} from "./utils/CoordinatorFixture.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";

/// @notice The staked lease mutex: acquireLease, expireLease, submit.
contract CoordinatorLeaseTest is CoordinatorFixture {
    // ------------------------------------------------------------------ acquireLease

    function test_acquireLease_freeRun_takesMutexAndEmits() public {
        uint64 deadline = uint64(block.timestamp) + LEASE_DURATION;
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.LeaseAcquired(runId, 1, alice, 0, 1, K, deadline, WORKER_BOND);
        uint256 id = acquire(alice);

        assertEq(id, 1);
        ICoordinator.Lease memory l = coordinator.lease(id);
        assertEq(l.holder, alice);
        assertEq(l.bond, WORKER_BOND);
        assertEq(l.runId, runId);
        assertEq(l.parentId, 0);
        assertEq(l.firstStep, 1);
        assertEq(l.lastStep, K);
        assertEq(l.deadline, deadline);
        assertEq(uint8(l.status), uint8(ICoordinator.Status.Leased));
        assertEq(l.openDisputes, 0);
        assertEq(coordinator.runState(runId).liveLeaseId, id);
        assertEq(address(coordinator).balance, WORKER_BOND);
        assertEq(coordinator.lockedWei(), WORKER_BOND);
        assertEq(alice.balance, 100 ether - WORKER_BOND);
        assertBooks();
    }

    function test_acquireLease_unknownRun_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.RunNotFound.selector, 99));
        vm.prank(alice);
        coordinator.acquireLease{value: WORKER_BOND}(99);
    }

    function test_acquireLease_runZero_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.RunNotFound.selector, 0));
        vm.prank(alice);
        coordinator.acquireLease{value: WORKER_BOND}(0);
    }

    function test_acquireLease_bondTooLow_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.WrongBond.selector, WORKER_BOND - 1, WORKER_BOND));
        vm.prank(alice);
        coordinator.acquireLease{value: WORKER_BOND - 1}(runId);
    }

    function test_acquireLease_bondTooHigh_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.WrongBond.selector, WORKER_BOND + 1, WORKER_BOND));
        vm.prank(alice);
        coordinator.acquireLease{value: WORKER_BOND + 1}(runId);
    }

    function test_acquireLease_noBond_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.WrongBond.selector, 0, WORKER_BOND));
        vm.prank(alice);
        coordinator.acquireLease(runId);
    }

    function test_acquireLease_leaseHeld_reverts() public {
        uint256 id = acquire(alice);
        uint64 deadline = coordinator.lease(id).deadline;
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.LeaseHeld.selector, runId, id, alice, deadline));
        acquireWithBond(bob, WORKER_BOND);
    }

    /// @dev A lapsed lease still holds the mutex until someone expires it (the would-be worker can, and earns
    ///      the keeper reward for it).
    function test_acquireLease_heldPastDeadlineUntilExpired_reverts() public {
        uint256 id = acquire(alice);
        uint64 deadline = coordinator.lease(id).deadline;
        vm.warp(uint256(deadline) + 1);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.LeaseHeld.selector, runId, id, alice, deadline));
        acquireWithBond(bob, WORKER_BOND);
        vm.prank(bob);
        coordinator.expireLease(id);
        uint256 next = acquire(bob);
        assertEq(coordinator.lease(next).firstStep, 1);
        assertEq(coordinator.lease(next).parentId, 0);
    }

    function test_acquireLease_runComplete_reverts() public {
        for (uint256 i = 0; i < TOTAL_STEPS / K; ++i) {
            work(alice, 0);
        }
        assertEq(coordinator.runState(runId).tipStep, TOTAL_STEPS);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.RunComplete.selector, runId, TOTAL_STEPS));
        acquireWithBond(bob, WORKER_BOND);
    }

    function test_acquireLease_lastLease_cappedAtTotalSteps() public {
        uint256 run = createRunWith(8, 20);
        uint256 a = acquireOn(run, alice);
        submitLease(alice, a, 0);
        uint256 b = acquireOn(run, alice);
        submitLease(alice, b, 0);
        uint64 deadline = uint64(block.timestamp) + LEASE_DURATION;
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.LeaseAcquired(run, b + 1, bob, b, 17, 20, deadline, WORKER_BOND);
        uint256 last = acquireOn(run, bob);
        assertEq(coordinator.lease(last).firstStep, 17);
        assertEq(coordinator.lease(last).lastStep, 20);
        submitLease(bob, last, 0);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.RunComplete.selector, run, 20));
        vm.prank(carol);
        coordinator.acquireLease{value: WORKER_BOND}(run);
    }

    function test_acquireLease_kEqualsTotalSteps_coversWholeRun() public {
        uint256 run = createRunWith(10, 10);
        uint256 id = acquireOn(run, alice);
        assertEq(coordinator.lease(id).firstStep, 1);
        assertEq(coordinator.lease(id).lastStep, 10);
    }

    function test_acquireLease_pendingTip_buildsOnIt() public {
        (uint256 s1,) = work(alice, 0);
        assertStatus(s1, ICoordinator.Status.Pending);
        uint256 id = acquire(bob);
        ICoordinator.Lease memory l = coordinator.lease(id);
        assertEq(l.parentId, s1);
        assertEq(l.firstStep, K + 1);
        assertEq(l.lastStep, 2 * K);
    }

    function test_acquireLease_otherRunHeld_isIndependent() public {
        uint256 run2 = createRunWith(4, 12);
        acquire(alice);
        uint256 id = acquireOn(run2, bob);
        assertEq(coordinator.lease(id).runId, run2);
        assertEq(coordinator.lease(id).lastStep, 4);
        assertEq(coordinator.runState(run2).liveLeaseId, id);
    }

    // ------------------------------------------------------------------ expireLease

    function test_expireLease_afterDeadline_slashesAndCreditsExactly() public {
        uint256 id = acquire(alice);
        vm.warp(uint256(coordinator.lease(id).deadline) + 1);
        (uint256 slashed, uint256 keeperReward, uint256 treasuryShare, uint256 refund) =
            expirySplit(WORKER_BOND);
        // Defaults: 10% slashed, half of it to the keeper.
        assertEq(slashed, 0.1 ether);
        assertEq(keeperReward, 0.05 ether);
        assertEq(treasuryShare, 0.05 ether);
        assertEq(refund, 0.9 ether);

        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Credited(alice, refund);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Credited(keeper, keeperReward);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Credited(treasury, treasuryShare);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.LeaseExpired(runId, id, alice, keeper, slashed, keeperReward, refund);
        vm.prank(keeper);
        coordinator.expireLease(id);

        assertStatus(id, ICoordinator.Status.Expired);
        assertEq(coordinator.runState(runId).liveLeaseId, 0);
        assertEq(coordinator.credits(alice), refund);
        assertEq(coordinator.credits(keeper), keeperReward);
        assertEq(coordinator.credits(treasury), treasuryShare);
        assertEq(coordinator.lockedWei(), 0);
        assertBooks();
    }

    function test_expireLease_freedMutex_nextLeaseRedoesSameSteps() public {
        (uint256 s1,) = work(alice, 0);
        uint256 id = acquire(bob);
        vm.warp(uint256(coordinator.lease(id).deadline) + 1);
        vm.prank(keeper);
        coordinator.expireLease(id);
        uint256 next = acquire(carol);
        assertEq(coordinator.lease(next).parentId, s1);
        assertEq(coordinator.lease(next).firstStep, K + 1);
        assertTip(runId, K, s1);
    }

    function test_expireLease_unknownLease_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.LeaseNotLive.selector, 42, ICoordinator.Status.None)
        );
        coordinator.expireLease(42);
    }

    function test_expireLease_atDeadline_reverts() public {
        uint256 id = acquire(alice);
        uint64 deadline = coordinator.lease(id).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.LeaseNotExpired.selector, id, deadline));
        coordinator.expireLease(id);
    }

    function test_expireLease_submittedLease_reverts() public {
        (uint256 id,) = work(alice, 0);
        vm.warp(block.timestamp + LEASE_DURATION + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.LeaseNotLive.selector, id, ICoordinator.Status.Pending)
        );
        coordinator.expireLease(id);
    }

    function test_expireLease_twice_reverts() public {
        uint256 id = acquire(alice);
        vm.warp(block.timestamp + LEASE_DURATION + 1);
        coordinator.expireLease(id);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.LeaseNotLive.selector, id, ICoordinator.Status.Expired)
        );
        coordinator.expireLease(id);
    }

    function test_expireLease_cancelledLease_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 2);
        uint256 d = dispute(carol, s1, c1, 2);
        voteThrough(d, IDisputeCourt.Vote.Fraud);
        // Acquired after the vote so it is still live (not lapsed) when the verdict cancels it.
        uint256 live = acquire(bob);
        court.resolve(d);
        assertStatus(live, ICoordinator.Status.Cancelled);
        vm.warp(block.timestamp + LEASE_DURATION + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.LeaseNotLive.selector, live, ICoordinator.Status.Cancelled)
        );
        coordinator.expireLease(live);
    }

    function test_expireLease_zeroSlash_refundsInFull() public {
        ICoordinator.Params memory p = defaultParams();
        p.expirySlashBps = 0;
        setParamsAsAdmin(p);
        uint256 id = acquire(alice);
        vm.warp(block.timestamp + LEASE_DURATION + 1);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.LeaseExpired(runId, id, alice, keeper, 0, 0, WORKER_BOND);
        vm.prank(keeper);
        coordinator.expireLease(id);
        assertEq(coordinator.credits(alice), WORKER_BOND);
        assertEq(coordinator.credits(keeper), 0);
        assertEq(coordinator.credits(treasury), 0);
    }

    function test_expireLease_fullSlashMaxKeeperShare_paysKeeperHalf() public {
        ICoordinator.Params memory p = defaultParams();
        p.expirySlashBps = 10_000;
        p.keeperRewardBps = coordinator.MAX_KEEPER_REWARD_BPS();
        setParamsAsAdmin(p);
        uint256 id = acquire(alice);
        vm.warp(block.timestamp + LEASE_DURATION + 1);
        vm.prank(keeper);
        coordinator.expireLease(id);
        assertEq(coordinator.credits(alice), 0);
        assertEq(coordinator.credits(keeper), WORKER_BOND / 2);
        assertEq(coordinator.credits(treasury), WORKER_BOND / 2);
        assertBooks();
    }

    /// @dev Uses the parameters in force at expiry, not at acquisition.
    function test_expireLease_paramsChangedMidLease_usesCurrentParams() public {
        uint256 id = acquire(alice);
        ICoordinator.Params memory p = defaultParams();
        p.expirySlashBps = 5_000;
        setParamsAsAdmin(p);
        vm.warp(block.timestamp + LEASE_DURATION + 1);
        vm.prank(keeper);
        coordinator.expireLease(id);
        assertEq(coordinator.credits(alice), WORKER_BOND / 2);
    }

    // ------------------------------------------------------------------ submit

    function test_submit_liveLease_recordsCommitmentAndEmits() public {
        uint256 id = acquire(alice);
        Commitment memory c = buildCommitment(runId, 1, K, 0);
        uint64 challengeDeadline = uint64(block.timestamp) + CHALLENGE_WINDOW;
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Submitted(
            runId, id, alice, 0, 1, K, c.stepsRoot, c.finalRoot, CID, c.lossesPacked, challengeDeadline
        );
        vm.prank(alice);
        coordinator.submit(runId, id, c.stepsRoot, c.finalRoot, CID, c.lossesPacked, c.finalProof);

        ICoordinator.Lease memory l = coordinator.lease(id);
        assertEq(uint8(l.status), uint8(ICoordinator.Status.Pending));
        assertEq(l.deadline, challengeDeadline);
        assertEq(l.stepsRoot, c.stepsRoot);
        assertEq(l.bond, WORKER_BOND);
        ICoordinator.RunState memory st = coordinator.runState(runId);
        assertEq(st.tipStep, K);
        assertEq(st.tipId, id);
        assertEq(st.liveLeaseId, 0);
        assertEq(st.finalizedStep, 0);
        assertEq(coordinator.lockedWei(), WORKER_BOND);
        assertBooks();
    }

    function test_submit_unknownLease_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.LeaseNotFound.selector, 5));
        vm.prank(alice);
        coordinator.submit(runId, 5, bytes32(0), bytes32(0), CID, zeroLosses(K), noProof);
    }

    function test_submit_wrongRun_reverts() public {
        uint256 run2 = createRunWith(K, TOTAL_STEPS);
        uint256 id = acquire(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.RunMismatch.selector, id, run2, runId));
        vm.prank(alice);
        coordinator.submit(run2, id, bytes32(0), bytes32(0), CID, zeroLosses(K), noProof);
    }

    function test_submit_notHolder_reverts() public {
        uint256 id = acquire(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NotLeaseHolder.selector, id, bob, alice));
        vm.prank(bob);
        coordinator.submit(runId, id, bytes32(0), bytes32(0), CID, zeroLosses(K), noProof);
    }

    function test_submit_twice_reverts() public {
        (uint256 id,) = work(alice, 0);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.LeaseNotLive.selector, id, ICoordinator.Status.Pending)
        );
        vm.prank(alice);
        coordinator.submit(runId, id, bytes32(0), bytes32(0), CID, zeroLosses(K), noProof);
    }

    function test_submit_expiredLease_reverts() public {
        uint256 id = acquire(alice);
        vm.warp(block.timestamp + LEASE_DURATION + 1);
        coordinator.expireLease(id);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.LeaseNotLive.selector, id, ICoordinator.Status.Expired)
        );
        vm.prank(alice);
        coordinator.submit(runId, id, bytes32(0), bytes32(0), CID, zeroLosses(K), noProof);
    }

    function test_submit_cancelledLease_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 4);
        uint256 d = dispute(carol, s1, c1, 4);
        voteThrough(d, IDisputeCourt.Vote.Fraud);
        uint256 live = acquire(bob);
        court.resolve(d);
        assertStatus(live, ICoordinator.Status.Cancelled);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.LeaseNotLive.selector, live, ICoordinator.Status.Cancelled)
        );
        vm.prank(bob);
        coordinator.submit(runId, live, bytes32(0), bytes32(0), CID, zeroLosses(K), noProof);
    }

    function test_submit_afterDeadline_reverts() public {
        uint256 id = acquire(alice);
        uint64 deadline = coordinator.lease(id).deadline;
        vm.warp(uint256(deadline) + 1);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.LeaseDeadlinePassed.selector, id, deadline));
        vm.prank(alice);
        coordinator.submit(runId, id, bytes32(0), bytes32(0), CID, zeroLosses(K), noProof);
    }

    function test_submit_atDeadline_succeeds() public {
        uint256 id = acquire(alice);
        vm.warp(coordinator.lease(id).deadline);
        submitLease(alice, id, 0);
        assertStatus(id, ICoordinator.Status.Pending);
    }

    function test_submit_tooFewLosses_reverts() public {
        uint256 id = acquire(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.WrongLossesLength.selector, 4 * K - 4, 4 * K));
        vm.prank(alice);
        coordinator.submit(runId, id, bytes32(0), bytes32(0), CID, zeroLosses(K - 1), noProof);
    }

    function test_submit_tooManyLossBytes_reverts() public {
        uint256 id = acquire(alice);
        bytes memory losses = bytes.concat(zeroLosses(K), hex"00");
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.WrongLossesLength.selector, 4 * K + 1, 4 * K));
        vm.prank(alice);
        coordinator.submit(runId, id, bytes32(0), bytes32(0), CID, losses, noProof);
    }

    function test_submit_cappedLastLease_expectsFewerLosses() public {
        uint256 run = createRunWith(8, 12);
        submitLease(alice, acquireOn(run, alice), 0);
        uint256 id = acquireOn(run, alice);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.WrongLossesLength.selector, 32, 16));
        vm.prank(alice);
        coordinator.submit(run, id, bytes32(0), bytes32(0), CID, zeroLosses(8), noProof);
        submitLease(alice, id, 0);
        assertEq(coordinator.runState(run).tipStep, 12);
    }
}
