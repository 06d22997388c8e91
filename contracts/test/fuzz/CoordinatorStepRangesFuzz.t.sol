// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorFixture} from "../utils/CoordinatorFixture.sol";
import {ICoordinator} from "../../src/interfaces/ICoordinator.sol";

/// @notice Fuzzing step ranges: for any k and totalSteps the leases tile 1..totalSteps exactly (the last one
///         capped), the losses length follows the range, and a rollback re-leases exactly the invalid range.
contract CoordinatorStepRangesFuzzTest is CoordinatorFixture {
    uint64 internal constant MAX_TOTAL = 128;

    function boundRun(uint64 k, uint64 total) internal pure returns (uint64, uint64) {
        total = uint64(bound(total, 1, MAX_TOTAL));
        k = uint64(bound(k, 1, total));
        return (k, total);
    }

    /// @dev Acquires and submits leases until the run is complete; checks each range as it goes.
    function tile(uint256 run, uint64 k, uint64 total) internal returns (uint256[] memory ids) {
        uint256 expectedLeases = (total + k - 1) / k;
        ids = new uint256[](expectedLeases);
        vm.deal(alice, expectedLeases * WORKER_BOND);
        uint64 next = 1;
        for (uint256 i = 0; i < expectedLeases; ++i) {
            uint256 id = acquireOn(run, alice);
            ICoordinator.Lease memory l = coordinator.lease(id);
            uint64 expectedLast = next + k - 1 < total ? next + k - 1 : total;
            assertEq(l.firstStep, next, "lease starts right after the tip");
            assertEq(l.lastStep, expectedLast, "lease covers k steps, capped at totalSteps");
            assertEq(l.parentId, i == 0 ? 0 : ids[i - 1]);
            submitLease(alice, id, 0);
            ids[i] = id;
            next = expectedLast + 1;
        }
        assertEq(next, total + 1, "ranges cover exactly 1..totalSteps");
    }

    function testFuzz_acquireLease_rangesTileTotalStepsExactly(uint64 k, uint64 total) public {
        (k, total) = boundRun(k, total);
        uint256 run = createRunWith(k, total);
        uint256[] memory ids = tile(run, k, total);
        assertTip(run, total, ids[ids.length - 1]);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.RunComplete.selector, run, total));
        vm.prank(bob);
        coordinator.acquireLease{value: WORKER_BOND}(run);
    }

    function testFuzz_submit_lossesLengthOtherThanRange_reverts(uint64 k, uint64 total, uint256 n) public {
        (k, total) = boundRun(k, total);
        uint256 run = createRunWith(k, total);
        uint256 id = acquireOn(run, alice);
        ICoordinator.Lease memory l = coordinator.lease(id);
        uint256 steps = uint256(l.lastStep) - l.firstStep + 1;
        n = bound(n, 0, 4 * MAX_TOTAL + 8);
        vm.assume(n != 4 * steps);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.WrongLossesLength.selector, n, 4 * steps));
        vm.prank(alice);
        coordinator.submit(run, id, bytes32(0), bytes32(0), CID, new bytes(n), noProof);
    }

    /// @dev Invalidating any submission of a fully leased run reopens exactly its range on its parent.
    function testFuzz_rollback_anySubmission_releasesSameRange(uint64 k, uint64 total, uint256 pick) public {
        (k, total) = boundRun(k, total);
        uint256 run = createRunWith(k, total);
        uint256[] memory ids = tile(run, k, total);
        uint256 i = bound(pick, 0, ids.length - 1);
        ICoordinator.Lease memory bad = coordinator.lease(ids[i]);
        vm.prank(carol);
        uint256 d = coordinator.openDispute{value: CHALLENGER_BOND}(ids[i], wholeLeaseClaim(keccak256("x")));
        vm.prank(address(court));
        coordinator.onVerdict(d, ICoordinator.DisputeStatus.Fraud, false);

        assertTip(run, bad.firstStep - 1, bad.parentId);
        uint256 redo = acquireOn(run, bob);
        assertEq(coordinator.lease(redo).firstStep, bad.firstStep);
        assertEq(coordinator.lease(redo).lastStep, bad.lastStep);
        assertEq(coordinator.lease(redo).parentId, bad.parentId);
        assertBooks();
    }
}
