// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorFixture} from "./utils/CoordinatorFixture.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";

/// @notice The coordinator's state machines driven end to end through the real court: fraud, honest and
///         no-quorum verdicts, rollback of the tip, cancellation of the live lease, orphans and their redo.
contract CoordinatorScenariosTest is CoordinatorFixture {
    function fraudSplit() internal view returns (uint256 challengerCredit, uint256 votersPool) {
        uint256 share = bps(WORKER_BOND, coordinator.params().challengerRewardBps);
        challengerCredit = CHALLENGER_BOND + share;
        votersPool = WORKER_BOND - share;
    }

    function test_scenario_fraudAtFirstStepOfLease_invalidatesAndRollsBackToParent() public {
        (uint256 s1,) = work(alice, 0);
        (uint256 s2, Commitment memory c2) = work(bob, K + 1);
        uint256 d = dispute(carol, s2, c2, K + 1);
        voteThrough(d, IDisputeCourt.Vote.Fraud);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Invalidated(runId, s2, d, K, s1);
        court.resolve(d);
        settleAll(d);

        (uint256 challengerCredit, uint256 votersPool) = fraudSplit();
        assertStatus(s2, ICoordinator.Status.Invalid);
        assertStatus(s1, ICoordinator.Status.Pending);
        assertDisputeStatus(d, ICoordinator.DisputeStatus.Fraud);
        assertTip(runId, K, s1);
        assertEq(coordinator.credits(carol), challengerCredit);
        assertEq(coordinator.credits(bob), 0);
        assertEq(validatorCredits(), votersPool);
        assertEq(coordinator.lockedWei(), WORKER_BOND, "only s1's bond stays locked");
        assertBooks();
        // The next lease redoes the invalid steps on the same parent.
        uint256 redo = acquire(keeper);
        assertEq(coordinator.lease(redo).parentId, s1);
        assertEq(coordinator.lease(redo).firstStep, K + 1);
    }

    function test_scenario_fraudAtMiddleStep_invalidatesAndRollsBackToGenesis() public {
        (uint256 s1, Commitment memory c1) = work(alice, 5);
        uint256 d = dispute(carol, s1, c1, 5);
        voteThrough(d, IDisputeCourt.Vote.Fraud);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Invalidated(runId, s1, d, 0, 0);
        court.resolve(d);
        settleAll(d);
        assertStatus(s1, ICoordinator.Status.Invalid);
        assertTip(runId, 0, 0);
        (uint256 challengerCredit, uint256 votersPool) = fraudSplit();
        assertEq(coordinator.credits(carol), challengerCredit);
        assertEq(coordinator.credits(alice), 0);
        assertEq(validatorCredits(), votersPool);
        assertEq(coordinator.lockedWei(), 0);
        assertBooks();
    }

    function test_scenario_invalidationOnLiveChain_cancelsLiveLeaseWithFullRefund() public {
        (uint256 s1, Commitment memory c1) = work(alice, 2);
        (uint256 s2,) = work(bob, 0);
        uint256 d = dispute(carol, s1, c1, 2);

        voteThrough(d, IDisputeCourt.Vote.Fraud);
        // Acquired after the vote so it is still live (not lapsed) when the verdict cancels it.
        uint256 live = acquire(keeper);
        assertEq(coordinator.lease(live).parentId, s2);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Credited(keeper, WORKER_BOND);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.LeaseCancelled(runId, live, keeper, WORKER_BOND);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Invalidated(runId, s1, d, 0, 0);
        court.resolve(d);
        settleAll(d);

        assertStatus(live, ICoordinator.Status.Cancelled);
        assertEq(coordinator.credits(keeper), WORKER_BOND, "full refund, no expiry slash");
        assertEq(coordinator.runState(runId).liveLeaseId, 0);
        assertTip(runId, 0, 0);
        // s2 is dead but stays Pending until someone reclaims it.
        assertStatus(s2, ICoordinator.Status.Pending);
        uint256 next = acquire(alice);
        assertEq(coordinator.lease(next).firstStep, 1);
        assertEq(coordinator.lease(next).parentId, 0);
        assertBooks();
    }

    /// @dev s1 is invalidated first; s2 (built on it, itself fraudulent) is invalidated later, after the chain
    ///      was redone: the tip and the live lease on the new chain are untouched.
    function test_scenario_invalidationOfDeadSubmission_leavesTipAndLiveLease() public {
        (uint256 s1, Commitment memory c1) = work(alice, 3);
        (uint256 s2, Commitment memory c2) = work(bob, 10);
        fraudVerdict(dispute(carol, s1, c1, 3));
        assertTip(runId, 0, 0);
        (uint256 redo,) = work(keeper, 0);
        uint256 live = acquire(keeper);
        assertTip(runId, K, redo);

        uint256 d2 = dispute(carol, s2, c2, 10);
        voteThrough(d2, IDisputeCourt.Vote.Fraud);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Invalidated(runId, s2, d2, K, redo);
        court.resolve(d2);
        settleAll(d2);

        assertStatus(s2, ICoordinator.Status.Invalid);
        assertTip(runId, K, redo);
        assertStatus(live, ICoordinator.Status.Leased);
        assertEq(coordinator.runState(runId).liveLeaseId, live);
        assertEq(coordinator.credits(bob), 0, "a fraud built on a fraud is still slashed");
        (uint256 challengerCredit,) = fraudSplit();
        assertEq(coordinator.credits(carol), 2 * challengerCredit);
        assertBooks();
    }

    function test_scenario_honestVerdict_splitsChallengerBondExactly() public {
        (uint256 s1, Commitment memory c1) = work(alice, 0);
        ICoordinator.DisputeClaim memory claim = claimFor(s1, c1, 6);
        claim.claimedRoot = keccak256("wrong recomputation");
        vm.prank(carol);
        uint256 d = coordinator.openDispute{value: CHALLENGER_BOND}(s1, claim);
        honestVerdict(d);

        uint256 workerShare = bps(CHALLENGER_BOND, coordinator.params().workerRewardBps);
        assertEq(coordinator.credits(alice), workerShare);
        assertEq(validatorCredits(), CHALLENGER_BOND - workerShare);
        assertEq(coordinator.credits(carol), 0);
        assertEq(coordinator.credits(treasury), 0);
        assertEq(coordinator.votersPoolWei(d), 0, "pool fully paid out");
        assertStatus(s1, ICoordinator.Status.Pending);
        assertTip(runId, K, s1);
        passChallengeWindow();
        coordinator.finalize(s1);
        assertEq(coordinator.credits(alice), workerShare + WORKER_BOND);
        assertBooks();
    }

    /// @dev Issue 11 (headline): with an idle court a fraud used to finalize with its bond back and 80 VTR
    ///      minted, and a child finalized on top. Now the run halts at the submission until a verdict.
    function test_scenario_idleCourt_fraudNeverFinalizes() public {
        (uint256 s1, Commitment memory c1) = work(alice, 4);
        (uint256 s2,) = work(bob, 0);
        uint256 d = dispute(carol, s1, c1, 4);
        passChallengeWindow();
        for (uint256 round = 0; round < 3; ++round) {
            assertEq(uint8(resolveUnvoted(d)), uint8(ICoordinator.DisputeStatus.Open));
        }
        assertDisputeStatus(d, ICoordinator.DisputeStatus.Open);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.DisputesOpen.selector, s1, 1));
        coordinator.finalize(s1);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.ParentNotFinal.selector, s2, s1, ICoordinator.Status.Pending)
        );
        coordinator.finalize(s2);
        assertEq(coordinator.rewardsOwed(alice), 0);
        assertEq(coordinator.credits(alice), 0);
        // Three undecided rounds cost the opener 1 - 0.8^3 of its bond; the court wakes and rules.
        uint256 left = CHALLENGER_BOND;
        for (uint256 i = 0; i < 3; ++i) {
            left -= bps(left, NO_VERDICT_FEE_BPS);
        }
        assertEq(coordinator.dispute(d).bond, left);
        commitAll(d, IDisputeCourt.Vote.Fraud);
        vm.warp(court.getCase(d).commitEnd + 1);
        revealAll(d, IDisputeCourt.Vote.Fraud);
        vm.warp(court.getCase(d).revealEnd + 1);
        assertEq(uint8(resolveAndSettle(d)), uint8(ICoordinator.DisputeStatus.Fraud));
        assertStatus(s1, ICoordinator.Status.Invalid);
        assertEq(
            coordinator.credits(carol), left + bps(WORKER_BOND, coordinator.params().challengerRewardBps)
        );
        assertBooks();
    }

    function test_scenario_orphanedDescendants_redoneByNewLeasesAtSameRanges() public {
        (uint256 s1, Commitment memory c1) = work(alice, 7);
        (uint256 s2,) = work(bob, 0);
        (uint256 s3,) = work(bob, 0);
        fraudVerdict(dispute(carol, s1, c1, 7));

        (uint256 r1,) = work(keeper, 0);
        (uint256 r2,) = work(keeper, 0);
        (uint256 r3,) = work(keeper, 0);
        assertEq(coordinator.lease(r1).parentId, 0);
        assertEq(coordinator.lease(r2).parentId, r1);
        assertEq(coordinator.lease(r3).parentId, r2);
        assertEq(coordinator.lease(r1).firstStep, coordinator.lease(s1).firstStep);
        assertEq(coordinator.lease(r2).firstStep, coordinator.lease(s2).firstStep);
        assertEq(coordinator.lease(r3).lastStep, coordinator.lease(s3).lastStep);
        assertTip(runId, 3 * K, r3);

        coordinator.reclaimOrphaned(s2);
        coordinator.reclaimOrphaned(s3);
        passChallengeWindow();
        coordinator.finalize(r1);
        coordinator.finalize(r2);
        coordinator.finalize(r3);
        assertEq(coordinator.runState(runId).finalizedStep, 3 * K);
        assertEq(coordinator.credits(bob), 2 * WORKER_BOND);
        assertEq(coordinator.rewardsOwed(bob), 0, "orphans earn no reward");
        assertEq(coordinator.rewardsOwed(keeper), uint256(REWARD_PER_STEP) * 3 * K);
        assertEq(coordinator.lockedWei(), 0);
        assertBooks();
    }

    function test_scenario_runCompletes_thenReopensAfterRollback() public {
        uint256 last;
        Commitment memory c;
        for (uint256 i = 0; i < TOTAL_STEPS / K; ++i) {
            (last, c) = work(alice, i == TOTAL_STEPS / K - 1 ? TOTAL_STEPS - 2 : 0);
        }
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.RunComplete.selector, runId, TOTAL_STEPS));
        vm.prank(bob);
        coordinator.acquireLease{value: WORKER_BOND}(runId);

        uint256 parent = coordinator.lease(last).parentId;
        fraudVerdict(dispute(carol, last, c, TOTAL_STEPS - 2));
        assertTip(runId, TOTAL_STEPS - K, parent);
        uint256 redo = acquire(bob);
        assertEq(coordinator.lease(redo).firstStep, TOTAL_STEPS - K + 1);
        assertEq(coordinator.lease(redo).lastStep, TOTAL_STEPS);
        assertEq(coordinator.lease(redo).parentId, parent);
    }

    function test_scenario_wholeRunFinalized_everyStepRewardedOnce() public {
        uint256[] memory ids = new uint256[](TOTAL_STEPS / K);
        for (uint256 i = 0; i < ids.length; ++i) {
            (ids[i],) = work(i % 2 == 0 ? alice : bob, 0);
        }
        passChallengeWindow();
        for (uint256 i = 0; i < ids.length; ++i) {
            coordinator.finalize(ids[i]);
        }
        assertEq(coordinator.runState(runId).finalizedStep, TOTAL_STEPS);
        uint256 total = coordinator.rewardsOwed(alice) + coordinator.rewardsOwed(bob);
        assertEq(total, uint256(REWARD_PER_STEP) * TOTAL_STEPS);
        assertEq(coordinator.credits(alice) + coordinator.credits(bob), ids.length * WORKER_BOND);
        assertEq(coordinator.lockedWei(), 0);
    }

    /// @dev Two disputes voted side by side: the first Fraud verdict invalidates and holds the share while the
    ///      other dispute is open; the second only refunds its challenger, and then the share goes to the first
    ///      opener (carol, also the first decided here).
    function test_scenario_secondFraudVerdict_onlyRefundsSecondChallenger() public {
        (uint256 s1, Commitment memory c1) = work(alice, 3);
        uint256 d1 = dispute(carol, s1, c1, 3);
        uint256 d2 = dispute(bob, s1, c1, 4);
        commitAll(d1, IDisputeCourt.Vote.Fraud);
        commitAll(d2, IDisputeCourt.Vote.Fraud);
        vm.warp(block.timestamp + COMMIT_DURATION + 1);
        revealAll(d1, IDisputeCourt.Vote.Fraud);
        revealAll(d2, IDisputeCourt.Vote.Fraud);
        vm.warp(block.timestamp + REVEAL_DURATION);
        resolveAndSettle(d1);
        (uint256 challengerCredit, uint256 votersPool) = fraudSplit();
        assertEq(coordinator.credits(carol), CHALLENGER_BOND, "the share is held while d2 is open");

        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.DisputeResolved(
            runId, s1, d2, ICoordinator.DisputeStatus.Fraud, CHALLENGER_BOND, 0, 0, 0
        );
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.ChallengerSharePaid(runId, s1, d1, carol, challengerCredit - CHALLENGER_BOND);
        resolveAndSettle(d2);
        assertEq(coordinator.credits(carol), challengerCredit);
        assertEq(coordinator.credits(bob), CHALLENGER_BOND);
        assertEq(coordinator.credits(alice), 0);
        assertEq(validatorCredits(), votersPool);
        assertEq(coordinator.lockedWei(), 0);
        assertBooks();
    }

    function test_scenario_fraudAfterParentFinal_keepsFinalizedStep() public {
        (uint256 s1,) = work(alice, 0);
        passChallengeWindow();
        coordinator.finalize(s1);
        (uint256 s2, Commitment memory c2) = work(bob, K + 3);
        fraudVerdict(dispute(carol, s2, c2, K + 3));
        ICoordinator.RunState memory st = coordinator.runState(runId);
        assertEq(st.finalizedStep, K, "finality is never undone");
        assertEq(st.tipStep, K);
        assertEq(st.tipId, s1);
        assertStatus(s1, ICoordinator.Status.Final);
        assertBooks();
    }

    /// @dev Issue 11: silence under a zero quorum used to uphold the submission.
    function test_scenario_silenceUnderZeroQuorum_keepsDisputeOpen() public {
        IDisputeCourt.CourtParams memory cp = defaultCourtParams();
        cp.quorumBps = 0;
        vm.prank(admin);
        court.setParams(cp);
        (uint256 s1,) = work(alice, 0);
        uint256 d = disputeWholeLease(carol, s1);
        assertEq(uint8(resolveUnvoted(d)), uint8(ICoordinator.DisputeStatus.Open));
        assertDisputeStatus(d, ICoordinator.DisputeStatus.Open);
        passChallengeWindow();
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.DisputesOpen.selector, s1, 1));
        coordinator.finalize(s1);
        assertBooks();
    }

    function test_scenario_disputedOrphan_reclaimedAfterRuling() public {
        (uint256 s1, Commitment memory c1) = work(alice, 3);
        (uint256 s2,) = work(bob, 0);
        fraudVerdict(dispute(carol, s1, c1, 3));
        uint256 d = disputeWholeLease(keeper, s2);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.DisputesOpen.selector, s2, 1));
        coordinator.reclaimOrphaned(s2);
        honestVerdict(d);
        coordinator.reclaimOrphaned(s2);
        assertStatus(s2, ICoordinator.Status.Orphaned);
        assertEq(
            coordinator.credits(bob), WORKER_BOND + bps(CHALLENGER_BOND, coordinator.params().workerRewardBps)
        );
        assertEq(coordinator.credits(keeper), 0);
        assertBooks();
    }

    /// @dev The fraud verdict's events carry the full split through the real court (pool set aside for voters).
    function test_scenario_fraudVerdictThroughCourt_emitsSplit() public {
        (uint256 s1, Commitment memory c1) = work(alice, 3);
        uint256 d = dispute(carol, s1, c1, 3);
        voteThrough(d, IDisputeCourt.Vote.Fraud);
        (uint256 challengerCredit, uint256 votersPool) = fraudSplit();
        // The bond comes back with the verdict; the share right after it, since no other dispute is open.
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.DisputeResolved(
            runId, s1, d, ICoordinator.DisputeStatus.Fraud, CHALLENGER_BOND, 0, votersPool, 0
        );
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.ChallengerSharePaid(runId, s1, d, carol, challengerCredit - CHALLENGER_BOND);
        court.resolve(d);
        assertEq(coordinator.votersPoolWei(d), votersPool);
        for (uint256 i = 0; i < validators.length; ++i) {
            vm.expectEmit(true, true, true, false, address(coordinator));
            emit ICoordinator.VoterPaid(d, validators[i], 0);
            court.settle(d, validators[i]);
        }
        assertEq(coordinator.votersPoolWei(d), 0);
        assertEq(validatorCredits(), votersPool);
        assertBooks();
    }
}
