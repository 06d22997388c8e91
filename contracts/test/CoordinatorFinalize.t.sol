// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {CoordinatorFixture} from "./utils/CoordinatorFixture.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";

/// @notice Finality and rewards (finalize, claimRewards) and refunds of orphaned work (reclaimOrphaned).
contract CoordinatorFinalizeTest is CoordinatorFixture {
    // ------------------------------------------------------------------ finalize

    function test_finalize_afterWindow_creditsBondAccruesRewardAndEmits() public {
        (uint256 s1,) = work(alice, 0);
        passChallengeWindow();
        uint256 reward = uint256(REWARD_PER_STEP) * K;
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Credited(alice, WORKER_BOND);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Finalized(runId, s1, alice, K, WORKER_BOND, reward);
        vm.prank(keeper);
        coordinator.finalize(s1);

        assertStatus(s1, ICoordinator.Status.Final);
        assertEq(coordinator.runState(runId).finalizedStep, K);
        assertEq(coordinator.credits(alice), WORKER_BOND);
        assertEq(coordinator.credits(keeper), 0);
        assertEq(coordinator.rewardsOwed(alice), reward);
        assertEq(coordinator.lockedWei(), 0);
        assertBooks();
    }

    function test_claimRewards_afterFinalize_mintsRewardPerStepTimesSteps() public {
        (uint256 s1,) = work(alice, 0);
        (uint256 s2,) = work(alice, 0);
        passChallengeWindow();
        coordinator.finalize(s1);
        coordinator.finalize(s2);
        uint256 reward = uint256(REWARD_PER_STEP) * 2 * K;
        uint256 supply = token.totalSupply();
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.RewardsClaimed(alice, reward);
        vm.prank(alice);
        assertEq(coordinator.claimRewards(), reward);
        assertEq(token.balanceOf(alice), reward);
        assertEq(token.totalSupply(), supply + reward);
        assertEq(coordinator.rewardsOwed(alice), 0);
    }

    function test_claimRewards_nothingOwed_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NothingToClaim.selector, alice));
        vm.prank(alice);
        coordinator.claimRewards();
    }

    function test_claimRewards_twice_reverts() public {
        (uint256 s1,) = work(alice, 0);
        passChallengeWindow();
        coordinator.finalize(s1);
        vm.prank(alice);
        coordinator.claimRewards();
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NothingToClaim.selector, alice));
        vm.prank(alice);
        coordinator.claimRewards();
        assertEq(token.balanceOf(alice), uint256(REWARD_PER_STEP) * K);
    }

    function test_finalize_cappedLastLease_rewardsOnlyItsSteps() public {
        uint256 run = createRunWith(8, 12);
        uint256 a = acquireOn(run, alice);
        submitLease(alice, a, 0);
        uint256 b = acquireOn(run, bob);
        submitLease(bob, b, 0);
        passChallengeWindow();
        coordinator.finalize(a);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Finalized(run, b, bob, 12, WORKER_BOND, uint256(REWARD_PER_STEP) * 4);
        coordinator.finalize(b);
        assertEq(coordinator.rewardsOwed(bob), uint256(REWARD_PER_STEP) * 4);
        assertEq(coordinator.runState(run).finalizedStep, 12);
    }

    function test_finalize_zeroRewardRun_accruesNothing() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.rewardPerStep = 0;
        uint256 run = createRunAs(admin, cfg);
        uint256 id = acquireOn(run, alice);
        submitLease(alice, id, 0);
        passChallengeWindow();
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Finalized(run, id, alice, K, WORKER_BOND, 0);
        coordinator.finalize(id);
        assertEq(coordinator.rewardsOwed(alice), 0);
        assertEq(coordinator.credits(alice), WORKER_BOND);
    }

    function test_finalize_unknownSubmission_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NotPending.selector, 9, ICoordinator.Status.None));
        coordinator.finalize(9);
    }

    function test_finalize_unsubmittedLease_reverts() public {
        uint256 id = acquire(alice);
        passChallengeWindow();
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, id, ICoordinator.Status.Leased)
        );
        coordinator.finalize(id);
    }

    function test_finalize_twice_reverts() public {
        (uint256 s1,) = work(alice, 0);
        passChallengeWindow();
        coordinator.finalize(s1);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, s1, ICoordinator.Status.Final)
        );
        coordinator.finalize(s1);
        assertEq(coordinator.credits(alice), WORKER_BOND);
    }

    function test_finalize_invalidSubmission_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 5);
        fraudVerdict(dispute(carol, s1, c1, 5));
        passChallengeWindow();
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, s1, ICoordinator.Status.Invalid)
        );
        coordinator.finalize(s1);
    }

    function test_finalize_orphanedSubmission_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 5);
        (uint256 s2,) = work(bob, 0);
        fraudVerdict(dispute(carol, s1, c1, 5));
        coordinator.reclaimOrphaned(s2);
        passChallengeWindow();
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, s2, ICoordinator.Status.Orphaned)
        );
        coordinator.finalize(s2);
    }

    function test_finalize_atWindowEnd_reverts() public {
        (uint256 s1,) = work(alice, 0);
        uint64 deadline = coordinator.lease(s1).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.ChallengeWindowOpen.selector, s1, deadline));
        coordinator.finalize(s1);
    }

    function test_finalize_openDisputes_reverts() public {
        (uint256 s1,) = work(alice, 0);
        uint256 d1 = disputeWholeLease(carol, s1);
        uint256 d2 = disputeWholeLease(bob, s1);
        passChallengeWindow();
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.DisputesOpen.selector, s1, 2));
        coordinator.finalize(s1);
        // A round without votes decides nothing: both stay open.
        resolveUnvoted(d1);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.DisputesOpen.selector, s1, 2));
        coordinator.finalize(s1);
        honestVerdict(d1);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.DisputesOpen.selector, s1, 1));
        coordinator.finalize(s1);
        resolveUnvoted(d2);
        honestVerdict(d2);
        coordinator.finalize(s1);
        assertStatus(s1, ICoordinator.Status.Final);
    }

    function test_finalize_afterHonestVerdict_succeeds() public {
        (uint256 s1,) = work(alice, 0);
        honestVerdict(disputeWholeLease(carol, s1));
        passChallengeWindow();
        coordinator.finalize(s1);
        assertStatus(s1, ICoordinator.Status.Final);
        assertEq(coordinator.rewardsOwed(alice), uint256(REWARD_PER_STEP) * K);
    }

    function test_finalize_pendingParent_reverts() public {
        (uint256 s1,) = work(alice, 0);
        (uint256 s2,) = work(bob, 0);
        passChallengeWindow();
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.ParentNotFinal.selector, s2, s1, ICoordinator.Status.Pending)
        );
        coordinator.finalize(s2);
        coordinator.finalize(s1);
        coordinator.finalize(s2);
        assertEq(coordinator.runState(runId).finalizedStep, 2 * K);
        assertEq(coordinator.credits(bob), WORKER_BOND);
    }

    function test_finalize_invalidParent_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 1);
        (uint256 s2,) = work(bob, 0);
        fraudVerdict(dispute(carol, s1, c1, 1));
        passChallengeWindow();
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.ParentNotFinal.selector, s2, s1, ICoordinator.Status.Invalid)
        );
        coordinator.finalize(s2);
    }

    // ------------------------------------------------------------------ reclaimOrphaned

    function test_reclaimOrphaned_childOfInvalid_refundsBondAndEmits() public {
        (uint256 s1, Commitment memory c1) = work(alice, 3);
        (uint256 s2,) = work(bob, 0);
        fraudVerdict(dispute(carol, s1, c1, 3));
        uint256 lockedBefore = coordinator.lockedWei();
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Credited(bob, WORKER_BOND);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Orphaned(runId, s2, bob, WORKER_BOND);
        vm.prank(keeper);
        coordinator.reclaimOrphaned(s2);
        assertStatus(s2, ICoordinator.Status.Orphaned);
        assertEq(coordinator.credits(bob), WORKER_BOND);
        assertEq(coordinator.credits(keeper), 0);
        assertEq(coordinator.rewardsOwed(bob), 0);
        assertEq(coordinator.lockedWei(), lockedBefore - WORKER_BOND);
        assertBooks();
    }

    function test_reclaimOrphaned_chainOfOrphans_reclaimedOneByOne() public {
        (uint256 s1, Commitment memory c1) = work(alice, 6);
        (uint256 s2,) = work(bob, 0);
        (uint256 s3,) = work(alice, 0);
        (uint256 s4,) = work(bob, 0);
        fraudVerdict(dispute(carol, s1, c1, 6));
        // A grandchild waits until its parent is known dead.
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.ParentNotDead.selector, s3, s2, ICoordinator.Status.Pending)
        );
        coordinator.reclaimOrphaned(s3);
        coordinator.reclaimOrphaned(s2);
        coordinator.reclaimOrphaned(s3);
        coordinator.reclaimOrphaned(s4);
        assertStatus(s2, ICoordinator.Status.Orphaned);
        assertStatus(s3, ICoordinator.Status.Orphaned);
        assertStatus(s4, ICoordinator.Status.Orphaned);
        assertEq(coordinator.credits(bob), 2 * WORKER_BOND);
        assertEq(coordinator.credits(alice), WORKER_BOND);
        assertEq(coordinator.lockedWei(), 0);
        assertBooks();
    }

    function test_reclaimOrphaned_genesisParent_reverts() public {
        (uint256 s1,) = work(alice, 0);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.ParentNotDead.selector, s1, 0, ICoordinator.Status.None)
        );
        coordinator.reclaimOrphaned(s1);
    }

    function test_reclaimOrphaned_finalParent_reverts() public {
        (uint256 s1,) = work(alice, 0);
        (uint256 s2,) = work(bob, 0);
        passChallengeWindow();
        coordinator.finalize(s1);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.ParentNotDead.selector, s2, s1, ICoordinator.Status.Final)
        );
        coordinator.reclaimOrphaned(s2);
    }

    function test_reclaimOrphaned_openDispute_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 3);
        (uint256 s2,) = work(bob, 0);
        uint256 d1 = dispute(carol, s1, c1, 3);
        disputeWholeLease(carol, s2);
        fraudVerdict(d1);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.DisputesOpen.selector, s2, 1));
        coordinator.reclaimOrphaned(s2);
    }

    function test_reclaimOrphaned_unknownSubmission_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NotPending.selector, 3, ICoordinator.Status.None));
        coordinator.reclaimOrphaned(3);
    }

    function test_reclaimOrphaned_unsubmittedLease_reverts() public {
        uint256 id = acquire(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, id, ICoordinator.Status.Leased)
        );
        coordinator.reclaimOrphaned(id);
    }

    function test_reclaimOrphaned_twice_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 3);
        (uint256 s2,) = work(bob, 0);
        fraudVerdict(dispute(carol, s1, c1, 3));
        coordinator.reclaimOrphaned(s2);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, s2, ICoordinator.Status.Orphaned)
        );
        coordinator.reclaimOrphaned(s2);
        assertEq(coordinator.credits(bob), WORKER_BOND);
    }

    function test_reclaimOrphaned_invalidSubmission_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 3);
        fraudVerdict(dispute(carol, s1, c1, 3));
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, s1, ICoordinator.Status.Invalid)
        );
        coordinator.reclaimOrphaned(s1);
    }

    /// @dev Accrued rewards survive a failed mint: with the minter role revoked the claim reverts and keeps the
    ///      debt, and succeeds once the role is back.
    function test_claimRewards_minterRoleRevoked_revertsAndKeepsDebt() public {
        (uint256 s1,) = work(alice, 0);
        passChallengeWindow();
        coordinator.finalize(s1);
        bytes32 role = token.MINTER_ROLE();
        vm.prank(admin);
        token.revokeRole(role, address(coordinator));
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, address(coordinator), role
            )
        );
        vm.prank(alice);
        coordinator.claimRewards();
        assertEq(coordinator.rewardsOwed(alice), uint256(REWARD_PER_STEP) * K);
        vm.prank(admin);
        token.grantRole(role, address(coordinator));
        vm.prank(alice);
        coordinator.claimRewards();
        assertEq(token.balanceOf(alice), uint256(REWARD_PER_STEP) * K);
    }

    function test_claimRewards_invalidWork_earnsNothing() public {
        (uint256 s1, Commitment memory c1) = work(alice, 2);
        fraudVerdict(dispute(carol, s1, c1, 2));
        passChallengeWindow();
        assertEq(coordinator.rewardsOwed(alice), 0);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NothingToClaim.selector, alice));
        vm.prank(alice);
        coordinator.claimRewards();
    }
}
