// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {CoordinatorFixture} from "./utils/CoordinatorFixture.sol";
import {RejectingActor, ReentrantWithdrawer} from "./utils/CoordinatorActors.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";

/// @notice Regression tests for the attacks found in the prior art (the ETHPrague 2024 "Unstoppable Models"
///         contract). One test per attack; each names it.
contract RegressionTest is CoordinatorFixture {
    function finalizedCredit(address worker) internal returns (uint256 id) {
        (id,) = work(worker, 0);
        passChallengeWindow();
        coordinator.finalize(id);
    }

    /// @dev Attack: withdrawing a bond twice. Credits are zeroed before the transfer; a second withdrawal
    ///      finds nothing.
    function test_regression_withdrawBondTwice_secondReverts() public {
        finalizedCredit(alice);
        uint256 before = alice.balance;
        vm.prank(alice);
        coordinator.withdraw();
        assertEq(coordinator.credits(alice), 0);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NothingToWithdraw.selector, alice));
        vm.prank(alice);
        coordinator.withdraw();
        // Finalizing again cannot re-credit the bond either.
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, 1, ICoordinator.Status.Final)
        );
        coordinator.finalize(1);
        assertEq(alice.balance, before + WORKER_BOND);
        assertBooks();
    }

    /// @dev Attack: withdrawing a bond twice by re-entering withdraw from receive().
    function test_regression_withdrawReentrancy_paysOnce() public {
        ReentrantWithdrawer attacker = new ReentrantWithdrawer(coordinator);
        extraPayees.push(address(attacker));
        vm.deal(address(attacker), WORKER_BOND);
        uint256 id = abi.decode(
            attacker.exec(abi.encodeCall(ICoordinator.acquireLease, (runId)), WORKER_BOND), (uint256)
        );
        Commitment memory c = buildCommitment(runId, 1, K, 0);
        attacker.exec(
            abi.encodeCall(
                ICoordinator.submit, (runId, id, c.stepsRoot, c.finalRoot, CID, c.lossesPacked, c.finalProof)
            ),
            0
        );
        (uint256 s2,) = work(alice, 0); // someone else's money sits in the contract too
        passChallengeWindow();
        coordinator.finalize(id);
        coordinator.finalize(s2);

        attacker.exec(abi.encodeCall(ICoordinator.withdraw, ()), 0);
        assertTrue(attacker.reentryAttempted());
        assertFalse(attacker.reentrySucceeded(), "re-entrant withdraw must fail");
        bytes memory err = attacker.reentryRevertData();
        assertTrue(
            keccak256(err)
                    == keccak256(
                        abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector)
                    )
                || keccak256(err)
                == keccak256(
                    abi.encodeWithSelector(ICoordinator.NothingToWithdraw.selector, address(attacker))
                ),
            "unexpected re-entry error"
        );
        assertEq(attacker.receivedCount(), 1);
        assertEq(address(attacker).balance, WORKER_BOND, "paid exactly once");
        assertEq(coordinator.credits(address(attacker)), 0);
        assertEq(coordinator.credits(alice), WORKER_BOND, "other credits untouched");
        assertBooks();
    }

    /// @dev Attack: pre-empting a live lease (taking over another worker's steps before its deadline).
    function test_regression_preemptLiveLease_revertsUntilExpired() public {
        uint256 id = acquire(alice);
        uint64 deadline = coordinator.lease(id).deadline;
        bytes memory held =
            abi.encodeWithSelector(ICoordinator.LeaseHeld.selector, runId, id, alice, deadline);
        vm.expectRevert(held);
        acquireWithBond(bob, WORKER_BOND);
        vm.warp(deadline);
        vm.expectRevert(held);
        acquireWithBond(bob, WORKER_BOND);
        // Nor can the would-be pre-empter submit under alice's lease.
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NotLeaseHolder.selector, id, bob, alice));
        vm.prank(bob);
        coordinator.submit(runId, id, bytes32(0), bytes32(0), CID, zeroLosses(K), noProof);
        assertEq(coordinator.lease(id).holder, alice);
        assertEq(coordinator.runState(runId).liveLeaseId, id);

        vm.warp(uint256(deadline) + 1);
        coordinator.expireLease(id);
        uint256 next = acquire(bob);
        assertEq(coordinator.lease(next).holder, bob);
        assertEq(coordinator.lease(next).firstStep, 1);
    }

    /// @dev Attack: a valid fraud proof that pays the wrong party or refunds the cheater. After a Fraud verdict
    ///      the challenger gets its bond plus the share, the cheater nothing (its earlier credits unchanged).
    function test_regression_fraudProof_paysChallengerNotCheater() public {
        finalizedCredit(alice);
        assertEq(coordinator.credits(alice), WORKER_BOND);
        (uint256 s, Commitment memory c) = work(alice, 12);
        uint256 d = dispute(carol, s, c, 12);
        fraudVerdict(d);

        uint256 share = bps(WORKER_BOND, coordinator.params().challengerRewardBps);
        assertEq(coordinator.credits(carol), CHALLENGER_BOND + share, "challenger: bond + share");
        assertEq(coordinator.credits(alice), WORKER_BOND, "cheater credits unchanged");
        assertEq(validatorCredits(), WORKER_BOND - share);
        // The cheater has no path back to its bond.
        passChallengeWindow();
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, s, ICoordinator.Status.Invalid)
        );
        coordinator.finalize(s);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, s, ICoordinator.Status.Invalid)
        );
        coordinator.reclaimOrphaned(s);
        vm.prank(alice);
        coordinator.withdraw();
        assertEq(coordinator.credits(alice), 0);
        vm.prank(carol);
        assertEq(coordinator.withdraw(), CHALLENGER_BOND + share);
        assertBooks();
    }

    /// @dev Every round resolves in bounded time (windows escalate, capped at 2^MAX_ESCALATION); a dispute with no
    ///      votes halts the submission instead of accepting it.
    function test_regression_disputeWithoutVotes_roundsInBoundedTimeNeverAccept() public {
        (uint256 s, Commitment memory c) = work(alice, 0);
        ICoordinator.DisputeClaim memory claim = claimFor(s, c, 3);
        claim.claimedRoot = keccak256("griefing claim");
        vm.prank(carol);
        uint256 d = coordinator.openDispute{value: CHALLENGER_BOND}(s, claim);
        uint40 revealEnd = court.getCase(d).revealEnd;
        assertEq(
            revealEnd, block.timestamp + COMMIT_DURATION + REVEAL_DURATION, "bounded by the court's phases"
        );
        vm.warp(revealEnd);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.RevealPhaseNotOver.selector, d, revealEnd));
        court.resolve(d);
        for (uint256 round = 1; round <= 6; ++round) {
            assertEq(uint8(resolveUnvoted(d)), uint8(ICoordinator.DisputeStatus.Open));
            uint256 scale = 1 << (round < 4 ? round : 4);
            IDisputeCourt.Case memory k = court.getCase(d);
            assertEq(
                k.revealEnd,
                block.timestamp + scale * (COMMIT_DURATION + REVEAL_DURATION),
                "escalated, capped"
            );
        }
        assertEq(coordinator.credits(carol), 0);
        assertEq(coordinator.lease(s).openDisputes, 1);
        passChallengeWindow();
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.DisputesOpen.selector, s, 1));
        coordinator.finalize(s);
    }

    function test_regression_disputeCommittedNeverRevealed_resolvedByAnyone() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        uint256 d = dispute(carol, s, c, 3);
        commitAll(d, IDisputeCourt.Vote.Fraud);
        // Nobody reveals: the round is resolvable by anyone, decides nothing, and the case goes on.
        assertEq(uint8(resolveUnvoted(d)), uint8(ICoordinator.DisputeStatus.Open));
        assertDisputeStatus(d, ICoordinator.DisputeStatus.Open);
        assertEq(coordinator.lease(s).openDisputes, 1);
        for (uint256 i = 0; i < validators.length; ++i) {
            court.settleRound(d, 0, validators[i]);
        }
        assertEq(court.treasuryTokens(), 3 * bps(VALIDATOR_STAKE, PENALTY_BPS));
    }

    /// @dev Attack: a second challenger overwriting the first's dispute. Each dispute keeps its own challenger,
    ///      bond and claim, and each is paid per its own verdict.
    function test_regression_secondChallenger_doesNotOverwriteFirst() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        uint256 d1 = dispute(carol, s, c, 3);
        ICoordinator.DisputeClaim memory claim2 = claimFor(s, c, 5);
        claim2.claimedRoot = keccak256("bob's root");
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.DisputeOpened(
            runId,
            s,
            d1 + 1,
            bob,
            5,
            fakeRoot(5),
            honestLoss(5),
            claim2.claimedRoot,
            claim2.claimedLossBits,
            CHALLENGER_BOND
        );
        vm.prank(bob);
        uint256 d2 = coordinator.openDispute{value: CHALLENGER_BOND}(s, claim2);

        assertTrue(d1 != d2);
        ICoordinator.Dispute memory r1 = coordinator.dispute(d1);
        ICoordinator.Dispute memory r2 = coordinator.dispute(d2);
        assertEq(r1.challenger, carol);
        assertEq(r1.step, 3);
        assertEq(r1.bond, CHALLENGER_BOND);
        assertEq(r2.challenger, bob);
        assertEq(r2.step, 5);
        assertEq(r2.bond, CHALLENGER_BOND);
        assertEq(coordinator.lease(s).openDisputes, 2);

        // Voted side by side; d2 is decided first (Fraud) and invalidates, but the share waits for d1, which
        // opened first and is proven too (issue 11: the earliest proven opener is paid, not the first verdict).
        commitAll(d1, IDisputeCourt.Vote.Fraud);
        commitAll(d2, IDisputeCourt.Vote.Fraud);
        vm.warp(block.timestamp + COMMIT_DURATION + 1);
        revealAll(d1, IDisputeCourt.Vote.Fraud);
        revealAll(d2, IDisputeCourt.Vote.Fraud);
        vm.warp(block.timestamp + REVEAL_DURATION);
        resolveAndSettle(d2);
        resolveAndSettle(d1);
        uint256 share = bps(WORKER_BOND, coordinator.params().challengerRewardBps);
        assertEq(coordinator.credits(bob), CHALLENGER_BOND);
        assertEq(coordinator.credits(carol), CHALLENGER_BOND + share);
        assertEq(coordinator.credits(alice), 0);
        assertDisputeStatus(d1, ICoordinator.DisputeStatus.Fraud);
        assertDisputeStatus(d2, ICoordinator.DisputeStatus.Fraud);
        assertBooks();
    }

    /// @dev Attack: a worker whose receive() reverts blocking a dispute (push payments in the verdict). Here the
    ///      cheating worker and the holder of the live lease both refuse ETH; the verdict still lands and the
    ///      challenger and voters withdraw.
    function test_regression_rejectingWorker_cannotBlockDispute() public {
        RejectingActor cheater = new RejectingActor(coordinator);
        RejectingActor next = new RejectingActor(coordinator);
        extraPayees.push(address(cheater));
        extraPayees.push(address(next));
        vm.deal(address(cheater), 10 ether);
        vm.deal(address(next), 10 ether);
        uint256 s = abi.decode(
            cheater.exec(abi.encodeCall(ICoordinator.acquireLease, (runId)), WORKER_BOND), (uint256)
        );
        Commitment memory c = buildCommitment(runId, 1, K, 4);
        cheater.exec(
            abi.encodeCall(
                ICoordinator.submit, (runId, s, c.stepsRoot, c.finalRoot, CID, c.lossesPacked, c.finalProof)
            ),
            0
        );

        uint256 d = dispute(carol, s, c, 4);
        voteThrough(d, IDisputeCourt.Vote.Fraud);
        // Acquired after the vote so it is still live (not lapsed) when the verdict cancels it.
        uint256 live =
            abi.decode(next.exec(abi.encodeCall(ICoordinator.acquireLease, (runId)), WORKER_BOND), (uint256));
        court.resolve(d);
        settleAll(d);
        assertStatus(s, ICoordinator.Status.Invalid);
        assertStatus(live, ICoordinator.Status.Cancelled);
        assertEq(coordinator.credits(address(next)), WORKER_BOND, "cancelled lease credited, not pushed");

        uint256 share = bps(WORKER_BOND, coordinator.params().challengerRewardBps);
        uint256 before = carol.balance;
        vm.prank(carol);
        coordinator.withdraw();
        assertEq(carol.balance, before + CHALLENGER_BOND + share);
        uint256 paid;
        for (uint256 i = 0; i < validators.length; ++i) {
            vm.prank(validators[i]);
            paid += coordinator.withdraw();
        }
        assertEq(paid, WORKER_BOND - share);
        // Only the rejecting lease holder's own withdrawal fails; its credit waits for it.
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.TransferFailed.selector, address(next), uint256(WORKER_BOND))
        );
        next.exec(abi.encodeCall(ICoordinator.withdraw, ()), 0);
        assertEq(address(coordinator).balance, WORKER_BOND);
        assertBooks();
    }

    // ------------------------------------------------------------------ rollback cost

    function resolveGasWithDescendants(uint256 descendants) internal returns (uint256 gasUsed) {
        (uint256 s1, Commitment memory c1) = work(alice, 2);
        for (uint256 i = 0; i < descendants; ++i) {
            work(bob, 0);
        }
        uint256 d = dispute(carol, s1, c1, 2);
        voteThrough(d, IDisputeCourt.Vote.Fraud);
        uint256 before = gasleft();
        court.resolve(d);
        gasUsed = before - gasleft();
        assertTip(runId, 0, 0);
        assertStatus(s1, ICoordinator.Status.Invalid);
    }

    /// @dev Attack: rollback cost growing with history (invalidation looping over descendants until it runs out
    ///      of gas). The fraud verdict costs the same with 1 or 7 submissions built on the fraud.
    function test_regression_rollbackCost_independentOfDescendants() public {
        uint256 snap = vm.snapshotState();
        uint256 gasOne = resolveGasWithDescendants(1);
        vm.revertToState(snap);
        uint256 gasSeven = resolveGasWithDescendants(7);
        emit log_named_uint("resolve (fraud) gas, 1 descendant", gasOne);
        emit log_named_uint("resolve (fraud) gas, 7 descendants", gasSeven);
        uint256 diff = gasSeven > gasOne ? gasSeven - gasOne : gasOne - gasSeven;
        assertLt(diff, 5_000, "fraud verdict gas grows with descendants");
    }

    /// @dev Same attack, the lazy half: reclaiming an orphan costs the same at depth 1 and depth 7.
    function test_regression_reclaimOrphanedCost_independentOfDepth() public {
        (uint256 s1, Commitment memory c1) = work(alice, 2);
        uint256[] memory orphans = new uint256[](7);
        for (uint256 i = 0; i < orphans.length; ++i) {
            (orphans[i],) = work(bob, 0);
        }
        fraudVerdict(dispute(carol, s1, c1, 2));
        // bob already has a credit (an expired lease on another run), so every reclaim writes a non-zero slot.
        uint256 run2 = createRunWith(K, TOTAL_STEPS);
        uint256 lapsed = acquireOn(run2, bob);
        vm.warp(block.timestamp + LEASE_DURATION + 1);
        coordinator.expireLease(lapsed);
        uint256 prior = coordinator.credits(bob);
        assertGt(prior, 0);
        uint256[] memory cost = new uint256[](orphans.length);
        for (uint256 i = 0; i < orphans.length; ++i) {
            uint256 before = gasleft();
            coordinator.reclaimOrphaned(orphans[i]);
            cost[i] = before - gasleft();
        }
        emit log_named_uint("reclaimOrphaned gas, depth 1", cost[0]);
        emit log_named_uint("reclaimOrphaned gas, depth 7", cost[orphans.length - 1]);
        for (uint256 i = 1; i < orphans.length; ++i) {
            uint256 diff = cost[i] > cost[0] ? cost[i] - cost[0] : cost[0] - cost[i];
            assertLt(diff, 5_000, "reclaimOrphaned gas grows with depth");
        }
        assertEq(coordinator.credits(bob), prior + 7 * WORKER_BOND);
    }
}
