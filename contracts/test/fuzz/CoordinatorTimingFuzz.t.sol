// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorFixture} from "../utils/CoordinatorFixture.sol";
import {ICoordinator} from "../../src/interfaces/ICoordinator.sol";

/// @notice Fuzzing time: the lease deadline and the challenge window each split time into two disjoint halves.
///         Up to and including the deadline the holder may submit and nobody may expire; from deadline+1 on,
///         the reverse. Up to and including the window's end disputes open and finalize waits; after it, the
///         reverse.
contract CoordinatorTimingFuzzTest is CoordinatorFixture {
    uint64 internal constant MAX_DURATION = 365 days;

    function runWithTimes(uint64 leaseDuration, uint64 challengeWindow) internal returns (uint256 id) {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.leaseDuration = leaseDuration;
        cfg.challengeWindow = challengeWindow;
        id = createRunAs(admin, cfg);
    }

    // ------------------------------------------------------------------ lease deadline

    function leaseWithDuration(uint64 duration) internal returns (uint256 run, uint256 id, uint64 deadline) {
        run = runWithTimes(duration, CHALLENGE_WINDOW);
        id = acquireOn(run, alice);
        deadline = coordinator.lease(id).deadline;
        assertEq(deadline, block.timestamp + duration);
    }

    function testFuzz_submit_atOrBeforeDeadline_succeeds(uint64 duration, uint64 elapsed) public {
        duration = uint64(bound(duration, 1, MAX_DURATION));
        elapsed = uint64(bound(elapsed, 0, duration));
        (uint256 run, uint256 id,) = leaseWithDuration(duration);
        vm.warp(block.timestamp + elapsed);
        submitLease(alice, id, 0);
        assertStatus(id, ICoordinator.Status.Pending);
    }

    function testFuzz_submit_afterDeadline_reverts(uint64 duration, uint64 late) public {
        duration = uint64(bound(duration, 1, MAX_DURATION));
        late = uint64(bound(late, 1, 10 * MAX_DURATION));
        (uint256 run, uint256 id, uint64 deadline) = leaseWithDuration(duration);
        vm.warp(uint256(deadline) + late);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.LeaseDeadlinePassed.selector, id, deadline));
        vm.prank(alice);
        coordinator.submit(run, id, bytes32(uint256(1)), bytes32(uint256(2)), CID, zeroLosses(K), noProof);
    }

    function testFuzz_expireLease_atOrBeforeDeadline_reverts(uint64 duration, uint64 elapsed) public {
        duration = uint64(bound(duration, 1, MAX_DURATION));
        elapsed = uint64(bound(elapsed, 0, duration));
        (, uint256 id, uint64 deadline) = leaseWithDuration(duration);
        vm.warp(block.timestamp + elapsed);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.LeaseNotExpired.selector, id, deadline));
        vm.prank(keeper);
        coordinator.expireLease(id);
    }

    function testFuzz_expireLease_afterDeadline_succeeds(uint64 duration, uint64 late) public {
        duration = uint64(bound(duration, 1, MAX_DURATION));
        late = uint64(bound(late, 1, 10 * MAX_DURATION));
        (uint256 run, uint256 id, uint64 deadline) = leaseWithDuration(duration);
        vm.warp(uint256(deadline) + late);
        vm.prank(keeper);
        coordinator.expireLease(id);
        assertStatus(id, ICoordinator.Status.Expired);
        assertEq(coordinator.runState(run).liveLeaseId, 0);
    }

    // ------------------------------------------------------------------ challenge window

    function submissionWithWindow(uint64 window)
        internal
        returns (uint256 id, Commitment memory c, uint64 deadline)
    {
        runId = runWithTimes(LEASE_DURATION, window);
        (id, c) = work(alice, 3);
        deadline = coordinator.lease(id).deadline;
        assertEq(deadline, block.timestamp + window);
    }

    function testFuzz_openDispute_withinWindow_succeeds(uint64 window, uint64 elapsed) public {
        window = uint64(bound(window, 1, MAX_DURATION));
        elapsed = uint64(bound(elapsed, 0, window));
        (uint256 id, Commitment memory c,) = submissionWithWindow(window);
        vm.warp(block.timestamp + elapsed);
        dispute(carol, id, c, 3);
        assertEq(coordinator.lease(id).openDisputes, 1);
    }

    function testFuzz_openDispute_afterWindow_reverts(uint64 window, uint64 late) public {
        window = uint64(bound(window, 1, MAX_DURATION));
        late = uint64(bound(late, 1, 10 * MAX_DURATION));
        (uint256 id, Commitment memory c, uint64 deadline) = submissionWithWindow(window);
        vm.warp(uint256(deadline) + late);
        ICoordinator.DisputeClaim memory claim = claimFor(id, c, 3);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.ChallengeWindowClosed.selector, id, deadline));
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(id, claim);
    }

    function testFuzz_finalize_withinWindow_reverts(uint64 window, uint64 elapsed) public {
        window = uint64(bound(window, 1, MAX_DURATION));
        elapsed = uint64(bound(elapsed, 0, window));
        (uint256 id,, uint64 deadline) = submissionWithWindow(window);
        vm.warp(block.timestamp + elapsed);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.ChallengeWindowOpen.selector, id, deadline));
        coordinator.finalize(id);
    }

    function testFuzz_finalize_afterWindow_succeeds(uint64 window, uint64 late) public {
        window = uint64(bound(window, 1, MAX_DURATION));
        late = uint64(bound(late, 1, 10 * MAX_DURATION));
        (uint256 id,, uint64 deadline) = submissionWithWindow(window);
        vm.warp(uint256(deadline) + late);
        coordinator.finalize(id);
        assertStatus(id, ICoordinator.Status.Final);
    }
}
