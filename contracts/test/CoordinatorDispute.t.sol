// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorFixture} from "./utils/CoordinatorFixture.sol";
import {StepTree} from "./utils/StepTree.sol";
import {Coordinator} from "../src/Coordinator.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";
import {IRewardToken} from "../src/interfaces/IRewardToken.sol";

/// @notice Opening disputes (openDispute) and the court's calls back into the coordinator (onVerdict, payVoter).
contract CoordinatorDisputeTest is CoordinatorFixture {
    // ------------------------------------------------------------------ openDispute: success paths

    function test_openDispute_middleStep_recordsLocksBondAndEmits() public {
        work(alice, 0);
        (uint256 s2, Commitment memory c2) = work(bob, 12);
        ICoordinator.DisputeClaim memory claim = claimFor(s2, c2, 12);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.DisputeOpened(
            runId,
            s2,
            1,
            carol,
            12,
            fakeRoot(12),
            honestLoss(12),
            honestRoot(runId, 12),
            honestLoss(12),
            CHALLENGER_BOND
        );
        vm.prank(carol);
        uint256 d = coordinator.openDispute{value: CHALLENGER_BOND}(s2, claim);

        assertEq(d, 1);
        ICoordinator.Dispute memory rec = coordinator.dispute(d);
        assertEq(rec.submissionId, s2);
        assertEq(rec.step, 12);
        assertEq(uint8(rec.status), uint8(ICoordinator.DisputeStatus.Open));
        assertEq(rec.challenger, carol);
        assertEq(rec.bond, CHALLENGER_BOND);
        assertEq(coordinator.lease(s2).openDisputes, 1);
        assertEq(coordinator.lockedWei(), 2 * WORKER_BOND + CHALLENGER_BOND);
        assertTrue(court.getCase(d).commitEnd != 0, "court case opened");
        assertBooks();
    }

    function test_openDispute_firstStepOfRun_provesAgainstGenesis() public {
        (uint256 s1, Commitment memory c1) = work(alice, 1);
        uint256 d = dispute(carol, s1, c1, 1);
        assertEq(coordinator.dispute(d).step, 1);
    }

    function test_openDispute_firstStepOfLease_provesAgainstParentRecord() public {
        work(alice, 0);
        (uint256 s2, Commitment memory c2) = work(bob, K + 1);
        uint256 d = dispute(carol, s2, c2, K + 1);
        assertEq(coordinator.dispute(d).step, K + 1);
    }

    function test_openDispute_lastStep_succeeds() public {
        (uint256 s1, Commitment memory c1) = work(alice, K);
        uint256 d = dispute(carol, s1, c1, K);
        assertEq(coordinator.dispute(d).step, K);
    }

    /// @dev A challenger may dispute only the loss of a step (same state root, different loss bits).
    function test_openDispute_lossOnly_succeeds() public {
        (uint256 s1, Commitment memory c1) = work(alice, 0);
        ICoordinator.DisputeClaim memory claim = claimFor(s1, c1, 4);
        claim.claimedLossBits = claim.record.lossBits + 1;
        vm.prank(carol);
        uint256 d = coordinator.openDispute{value: CHALLENGER_BOND}(s1, claim);
        assertEq(coordinator.dispute(d).step, 4);
    }

    function test_openDispute_wholeLease_needsNoProofsAndEmits() public {
        (uint256 s1,) = work(alice, 0);
        bytes32 claimed = keccak256("their root");
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.DisputeOpened(runId, s1, 1, carol, 0, bytes32(0), 0, claimed, 0, CHALLENGER_BOND);
        vm.prank(carol);
        uint256 d = coordinator.openDispute{value: CHALLENGER_BOND}(s1, wholeLeaseClaim(claimed));
        assertEq(coordinator.dispute(d).step, 0);
        assertEq(coordinator.lease(s1).openDisputes, 1);
    }

    function test_openDispute_severalOnOneSubmission_eachKeptApart() public {
        (uint256 s1, Commitment memory c1) = work(alice, 3);
        uint256 d1 = dispute(carol, s1, c1, 3);
        uint256 d2 = dispute(bob, s1, c1, 5);
        uint256 d3 = disputeWholeLease(keeper, s1);
        assertEq(coordinator.lease(s1).openDisputes, 3);
        assertEq(coordinator.dispute(d1).challenger, carol);
        assertEq(coordinator.dispute(d2).challenger, bob);
        assertEq(coordinator.dispute(d3).challenger, keeper);
        assertEq(coordinator.dispute(d1).step, 3);
        assertEq(coordinator.dispute(d2).step, 5);
        assertEq(coordinator.dispute(d3).step, 0);
        assertEq(coordinator.lockedWei(), WORKER_BOND + 3 * CHALLENGER_BOND);
    }

    function test_openDispute_atWindowEnd_succeeds() public {
        (uint256 s1, Commitment memory c1) = work(alice, 2);
        vm.warp(coordinator.lease(s1).deadline);
        dispute(carol, s1, c1, 2);
        assertEq(coordinator.lease(s1).openDisputes, 1);
    }

    // ------------------------------------------------------------------ openDispute: reverts

    function test_openDispute_courtNotSet_reverts() public {
        Coordinator fresh = new Coordinator(admin, IRewardToken(address(token)), defaultParams());
        vm.prank(admin);
        uint256 run = fresh.createRun(defaultRunConfig());
        vm.prank(alice);
        uint256 id = fresh.acquireLease{value: WORKER_BOND}(run);
        Commitment memory c = buildCommitment(run, 1, K, 2);
        vm.prank(alice);
        fresh.submit(run, id, c.stepsRoot, c.finalRoot, CID, c.lossesPacked, c.finalProof);
        vm.expectRevert(ICoordinator.CourtNotSet.selector);
        vm.prank(carol);
        fresh.openDispute{value: CHALLENGER_BOND}(id, wholeLeaseClaim(keccak256("x")));
    }

    function test_openDispute_unknownSubmission_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NotPending.selector, 8, ICoordinator.Status.None));
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(8, wholeLeaseClaim(keccak256("x")));
    }

    function test_openDispute_unsubmittedLease_reverts() public {
        uint256 id = acquire(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, id, ICoordinator.Status.Leased)
        );
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(id, wholeLeaseClaim(keccak256("x")));
    }

    function test_openDispute_invalidSubmission_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 2);
        fraudVerdict(dispute(carol, s1, c1, 2));
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, s1, ICoordinator.Status.Invalid)
        );
        vm.prank(bob);
        coordinator.openDispute{value: CHALLENGER_BOND}(s1, wholeLeaseClaim(keccak256("x")));
    }

    function test_openDispute_orphanedSubmission_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 2);
        (uint256 s2,) = work(bob, 0);
        fraudVerdict(dispute(carol, s1, c1, 2));
        coordinator.reclaimOrphaned(s2);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, s2, ICoordinator.Status.Orphaned)
        );
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s2, wholeLeaseClaim(keccak256("x")));
    }

    function test_openDispute_finalSubmission_reverts() public {
        (uint256 s1,) = work(alice, 0);
        passChallengeWindow();
        coordinator.finalize(s1);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.NotPending.selector, s1, ICoordinator.Status.Final)
        );
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s1, wholeLeaseClaim(keccak256("x")));
    }

    function test_openDispute_afterWindow_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 2);
        uint64 deadline = coordinator.lease(s1).deadline;
        vm.warp(uint256(deadline) + 1);
        ICoordinator.DisputeClaim memory claim = claimFor(s1, c1, 2);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.ChallengeWindowClosed.selector, s1, deadline));
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s1, claim);
    }

    function test_openDispute_wrongBond_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 2);
        ICoordinator.DisputeClaim memory claim = claimFor(s1, c1, 2);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.WrongBond.selector, CHALLENGER_BOND - 1, CHALLENGER_BOND)
        );
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND - 1}(s1, claim);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.WrongBond.selector, WORKER_BOND, CHALLENGER_BOND));
        vm.prank(carol);
        coordinator.openDispute{value: WORKER_BOND}(s1, claim);
    }

    function test_openDispute_stepBeforeLease_reverts() public {
        (, Commitment memory c1) = work(alice, 0);
        (uint256 s2,) = work(bob, 0);
        // A valid record of the previous lease is still out of this submission's range.
        ICoordinator.DisputeClaim memory claim = claimFor(1, c1, K);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.StepOutOfRange.selector, K, K + 1, 2 * K));
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s2, claim);
    }

    function test_openDispute_stepAfterLease_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 0);
        ICoordinator.DisputeClaim memory claim = claimFor(s1, c1, 2);
        claim.step = K + 1;
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.StepOutOfRange.selector, K + 1, 1, K));
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s1, claim);
    }

    function test_openDispute_firstStepWrongGenesis_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 1);
        ICoordinator.DisputeClaim memory claim = claimFor(s1, c1, 1);
        bytes32 wrong = keccak256("not genesis");
        claim.prev.stateRoot = wrong;
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.PreviousRootMismatch.selector, 1, wrong, GENESIS_ROOT)
        );
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s1, claim);
    }

    /// @dev At a lease's first step the previous record is the parent's last record, proved against the
    ///      parent's stepsRoot: any other start state is rejected.
    function test_openDispute_firstStepWrongParentRecord_reverts() public {
        work(alice, 0);
        (uint256 s2, Commitment memory c2) = work(bob, K + 1);
        ICoordinator.DisputeClaim memory claim = claimFor(s2, c2, K + 1);
        assertEq(claim.prev.stateRoot, honestRoot(runId, K));
        claim.prev.stateRoot = keccak256("not the parent's final state");
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidProof.selector, K));
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s2, claim);
    }

    function test_openDispute_firstStepProofAgainstOwnRoot_reverts() public {
        work(alice, 0);
        (uint256 s2, Commitment memory c2) = work(bob, K + 1);
        ICoordinator.DisputeClaim memory claim = claimFor(s2, c2, K + 1);
        // The start state is not in this submission's tree: a proof of one of its own leaves fails.
        claim.prev = ICoordinator.StepRecord(c2.roots[0], c2.losses[0]);
        claim.prevProof = StepTree.proof(c2.leaves, 0);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidProof.selector, K));
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s2, claim);
    }

    function test_openDispute_badPrevProof_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 5);
        ICoordinator.DisputeClaim memory claim = claimFor(s1, c1, 5);
        claim.prevProof[0] = keccak256("garbage");
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidProof.selector, 4));
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s1, claim);
    }

    function test_openDispute_wrongPrevRecord_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 5);
        ICoordinator.DisputeClaim memory claim = claimFor(s1, c1, 5);
        claim.prev.lossBits += 1;
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidProof.selector, 4));
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s1, claim);
    }

    function test_openDispute_wrongRecord_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 5);
        ICoordinator.DisputeClaim memory claim = claimFor(s1, c1, 5);
        claim.record.stateRoot = honestRoot(runId, 5);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidProof.selector, 5));
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s1, claim);
    }

    function test_openDispute_recordProofOfOtherStep_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 5);
        ICoordinator.DisputeClaim memory claim = claimFor(s1, c1, 5);
        // The record and proof of step 6, presented as step 5: the leaf binds the step number.
        claim.record = ICoordinator.StepRecord(c1.roots[5], c1.losses[5]);
        claim.proof = StepTree.proof(c1.leaves, 5);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidProof.selector, 5));
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s1, claim);
    }

    function test_openDispute_claimMatchesRecord_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 0);
        ICoordinator.DisputeClaim memory claim = claimFor(s1, c1, 4);
        assertEq(claim.claimedRoot, claim.record.stateRoot);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICoordinator.ClaimMatchesRecord.selector, 4, claim.claimedRoot, claim.claimedLossBits
            )
        );
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s1, claim);
    }

    function test_openDispute_tooManyDisputes_reverts() public {
        (uint256 s1,) = work(alice, 0);
        // Find the storage slot holding openDisputes (the second slot the lease view reads) and fill it.
        vm.record();
        coordinator.lease(s1);
        (bytes32[] memory reads,) = vm.accesses(address(coordinator));
        bytes32 slot = reads[1];
        uint256 word = uint256(vm.load(address(coordinator), slot));
        vm.store(address(coordinator), slot, bytes32(word | (uint256(type(uint16).max) << 224)));
        assertEq(coordinator.lease(s1).openDisputes, type(uint16).max, "slot layout changed");
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.TooManyDisputes.selector, s1));
        vm.prank(carol);
        coordinator.openDispute{value: CHALLENGER_BOND}(s1, wholeLeaseClaim(keccak256("x")));
    }

    // ------------------------------------------------------------------ onVerdict

    function test_onVerdict_notCourt_reverts() public {
        (uint256 s1,) = work(alice, 0);
        uint256 d = disputeWholeLease(carol, s1);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NotCourt.selector, carol));
        vm.prank(carol);
        coordinator.onVerdict(d, ICoordinator.DisputeStatus.NoQuorum, false);
    }

    function test_onVerdict_unknownDispute_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.DisputeNotOpen.selector, 5, ICoordinator.DisputeStatus.None)
        );
        vm.prank(address(court));
        coordinator.onVerdict(5, ICoordinator.DisputeStatus.Fraud, false);
    }

    function test_onVerdict_alreadyResolved_reverts() public {
        (uint256 s1, Commitment memory c1) = work(alice, 2);
        uint256 d = dispute(carol, s1, c1, 2);
        fraudVerdict(d);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.DisputeNotOpen.selector, d, ICoordinator.DisputeStatus.Fraud)
        );
        vm.prank(address(court));
        coordinator.onVerdict(d, ICoordinator.DisputeStatus.Honest, false);
    }

    function test_onVerdict_outcomeOpen_reverts() public {
        (uint256 s1,) = work(alice, 0);
        uint256 d = disputeWholeLease(carol, s1);
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.DisputeNotOpen.selector, d, ICoordinator.DisputeStatus.Open)
        );
        vm.prank(address(court));
        coordinator.onVerdict(d, ICoordinator.DisputeStatus.Open, false);
    }

    function test_onVerdict_fraudNoVoters_restToTreasury() public {
        (uint256 s1, Commitment memory c1) = work(alice, 2);
        uint256 d = dispute(carol, s1, c1, 2);
        uint256 share = bps(WORKER_BOND, defaultParams().challengerRewardBps);
        uint256 rest = WORKER_BOND - share;
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Invalidated(runId, s1, d, 0, 0);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Credited(carol, CHALLENGER_BOND);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Credited(treasury, rest);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.DisputeResolved(
            runId, s1, d, ICoordinator.DisputeStatus.Fraud, CHALLENGER_BOND, 0, 0, rest
        );
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Credited(carol, share);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.ChallengerSharePaid(runId, s1, d, carol, share);
        vm.prank(address(court));
        uint256 pool = coordinator.onVerdict(d, ICoordinator.DisputeStatus.Fraud, false);
        assertEq(pool, 0);
        assertEq(coordinator.votersPoolWei(d), 0);
        assertEq(coordinator.credits(carol), CHALLENGER_BOND + share);
        assertEq(coordinator.credits(treasury), rest);
        assertEq(coordinator.credits(alice), 0);
        assertStatus(s1, ICoordinator.Status.Invalid);
        assertDisputeStatus(d, ICoordinator.DisputeStatus.Fraud);
        assertEq(coordinator.lockedWei(), 0);
        assertBooks();
    }

    function test_onVerdict_honestWithVoters_setsPoolAside() public {
        (uint256 s1,) = work(alice, 0);
        uint256 d = disputeWholeLease(carol, s1);
        uint256 workerShare = bps(CHALLENGER_BOND, defaultParams().workerRewardBps);
        uint256 rest = CHALLENGER_BOND - workerShare;
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.DisputeResolved(
            runId, s1, d, ICoordinator.DisputeStatus.Honest, 0, workerShare, rest, 0
        );
        vm.prank(address(court));
        uint256 pool = coordinator.onVerdict(d, ICoordinator.DisputeStatus.Honest, true);
        assertEq(pool, rest);
        assertEq(coordinator.votersPoolWei(d), rest);
        assertEq(coordinator.credits(alice), workerShare);
        assertEq(coordinator.credits(carol), 0);
        assertEq(coordinator.credits(treasury), 0);
        assertEq(coordinator.lease(s1).openDisputes, 0);
        assertStatus(s1, ICoordinator.Status.Pending);
        assertEq(coordinator.lockedWei(), WORKER_BOND + rest);
        assertBooks();
    }

    /// @dev Issue 11: NoQuorum used to refund the challenger and let the submission stand. It is no verdict.
    function test_onVerdict_noQuorumOutcome_reverts() public {
        (uint256 s1,) = work(alice, 0);
        uint256 d = disputeWholeLease(carol, s1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICoordinator.DisputeNotOpen.selector, d, ICoordinator.DisputeStatus.NoQuorum
            )
        );
        vm.prank(address(court));
        coordinator.onVerdict(d, ICoordinator.DisputeStatus.NoQuorum, false);
        assertDisputeStatus(d, ICoordinator.DisputeStatus.Open);
    }

    /// @dev Issue 11: a dispute that ends a round without verdict costs its opener part of its bond.
    function test_onUndecided_chargesOpenerAndKeepsDisputeOpen() public {
        (uint256 s1,) = work(alice, 0);
        uint256 d = disputeWholeLease(carol, s1);
        uint256 fee = bps(CHALLENGER_BOND, NO_VERDICT_FEE_BPS);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.DisputeRoundUndecided(s1, d, 1, fee, CHALLENGER_BOND - fee);
        vm.prank(address(court));
        assertEq(coordinator.onUndecided(d), fee);
        ICoordinator.Dispute memory got = coordinator.dispute(d);
        assertEq(got.bond, CHALLENGER_BOND - fee);
        assertEq(got.rounds, 1);
        assertDisputeStatus(d, ICoordinator.DisputeStatus.Open);
        assertEq(coordinator.credits(treasury), fee);
        assertEq(coordinator.lease(s1).openDisputes, 1);
        assertBooks();
    }

    function test_onUndecided_notCourt_reverts() public {
        (uint256 s1,) = work(alice, 0);
        uint256 d = disputeWholeLease(carol, s1);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NotCourt.selector, carol));
        vm.prank(carol);
        coordinator.onUndecided(d);
    }

    // ------------------------------------------------------------------ payVoter

    function honestPool() internal returns (uint256 d, uint256 pool) {
        (uint256 s1,) = work(alice, 0);
        d = disputeWholeLease(carol, s1);
        vm.prank(address(court));
        pool = coordinator.onVerdict(d, ICoordinator.DisputeStatus.Honest, true);
    }

    function test_payVoter_withinPool_creditsAndEmits() public {
        (uint256 d, uint256 pool) = honestPool();
        address voter = validators[0];
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Credited(voter, pool - 1);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.VoterPaid(d, voter, pool - 1);
        vm.prank(address(court));
        coordinator.payVoter(d, voter, pool - 1);
        assertEq(coordinator.credits(voter), pool - 1);
        assertEq(coordinator.votersPoolWei(d), 1);
        assertBooks();
    }

    function test_payVoter_notCourt_reverts() public {
        (uint256 d,) = honestPool();
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NotCourt.selector, alice));
        vm.prank(alice);
        coordinator.payVoter(d, alice, 1);
    }

    function test_payVoter_exceedsPool_reverts() public {
        (uint256 d, uint256 pool) = honestPool();
        vm.prank(address(court));
        coordinator.payVoter(d, validators[0], pool / 2);
        uint256 remaining = pool - pool / 2;
        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.VoterPoolExceeded.selector, d, remaining + 1, remaining)
        );
        vm.prank(address(court));
        coordinator.payVoter(d, validators[1], remaining + 1);
    }

    function test_payVoter_noPool_reverts() public {
        (uint256 s1,) = work(alice, 0);
        uint256 d = disputeWholeLease(carol, s1);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.VoterPoolExceeded.selector, d, 1, 0));
        vm.prank(address(court));
        coordinator.payVoter(d, validators[0], 1);
    }
}
