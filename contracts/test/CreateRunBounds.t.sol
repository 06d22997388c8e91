// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base} from "./utils/Base.t.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";

/// @notice Bounds that keep every run leasable and every deadline exact.
contract CreateRunBoundsTest is Base {
    function test_createRun_stepsPerLeaseAboveTotal_reverts() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.stepsPerLease = cfg.totalSteps + 1;
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidRunConfig.selector, "stepsPerLease"));
        coordinator.createRun(cfg);
    }

    function testFuzz_createRun_windowsBeyondUint40Deadlines_revert(uint64 leaseDuration, uint64 window)
        public
    {
        leaseDuration = uint64(bound(leaseDuration, coordinator.MAX_WINDOW() + 1, type(uint64).max));
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.leaseDuration = leaseDuration;
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidRunConfig.selector, "leaseDuration"));
        coordinator.createRun(cfg);

        cfg = defaultRunConfig();
        cfg.challengeWindow = uint64(bound(window, coordinator.MAX_WINDOW() + 1, type(uint64).max));
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidRunConfig.selector, "challengeWindow"));
        coordinator.createRun(cfg);
    }

    /// @dev With the largest windows allowed, deadlines are stored exactly (no uint40 truncation).
    function test_createRun_maxWindows_deadlinesExact() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.leaseDuration = coordinator.MAX_WINDOW();
        cfg.challengeWindow = coordinator.MAX_WINDOW();
        cfg.stepsPerLease = cfg.totalSteps;
        vm.prank(admin);
        runId = coordinator.createRun(cfg);
        uint256 id = acquire(alice);
        assertEq(coordinator.lease(id).deadline, block.timestamp + cfg.leaseDuration);
        assertEq(coordinator.lease(id).lastStep, cfg.totalSteps);
        submitLease(alice, id, 0);
        assertEq(coordinator.lease(id).deadline, block.timestamp + cfg.challengeWindow);
    }
}
