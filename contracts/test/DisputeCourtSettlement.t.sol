// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CourtFixture} from "./utils/CourtFixture.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";

/// @notice DisputeCourt: verdicts (majority, tie, quorum), per-voter settlement and the treasury.
contract DisputeCourtSettlementTest is CourtFixture {
    uint256 internal constant FRAUD_VOTERS_POOL = WORKER_BOND - WORKER_BOND * 5_000 / BPS; // challengerRewardBps 50%
    uint256 internal constant HONEST_VOTERS_POOL = CHALLENGER_BOND - CHALLENGER_BOND * 5_000 / BPS;

    // ------------------------------------------------------------------ resolve

    function test_resolve_unknownCase_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CaseNotFound.selector, 5));
        court.resolve(5);
    }

    function test_resolve_duringRevealPhase_reverts() public {
        (, uint256 d) = openFraudDispute();
        uint40 revealEnd = court.getCase(d).revealEnd;
        vm.warp(revealEnd);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputeCourt.RevealPhaseNotOver.selector, d, uint64(revealEnd))
        );
        court.resolve(d);
    }

    function test_resolve_twice_reverts() public {
        (, uint256 d) = openFraudDispute();
        judge(d, FRAUD);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.AlreadyResolved.selector, d));
        court.resolve(d);
    }

    function test_resolve_fraudMajority_invalidatesAndFundsVoters() public {
        (uint256 s, uint256 d) = openFraudDispute();
        vote(d, three(v0, v1, v2), votes3(FRAUD, FRAUD, HONEST), flags3(true, true, true));
        toResolvable(d);
        vm.expectEmit(address(court));
        emit IDisputeCourt.CaseResolved(
            d,
            ICoordinator.DisputeStatus.Fraud,
            2 * VALIDATOR_STAKE,
            VALIDATOR_STAKE,
            0,
            3 * VALIDATOR_STAKE,
            PENALTY,
            FRAUD_VOTERS_POOL
        );
        assertEq(uint8(court.resolve(d)), uint8(ICoordinator.DisputeStatus.Fraud));
        IDisputeCourt.Case memory k = court.getCase(d);
        assertTrue(k.resolved);
        assertEq(uint8(k.outcome), uint8(ICoordinator.DisputeStatus.Fraud));
        assertEq(k.majorityCount, 2);
        assertEq(k.tokenPool, PENALTY, "minority penalty");
        assertEq(k.votersPoolWei, FRAUD_VOTERS_POOL);
        assertEq(uint8(coordinator.lease(s).status), uint8(ICoordinator.Status.Invalid));
        assertEq(uint8(coordinator.dispute(d).status), uint8(ICoordinator.DisputeStatus.Fraud));
        assertEq(coordinator.credits(carol), CHALLENGER_BOND + WORKER_BOND - FRAUD_VOTERS_POOL);
        assertEq(court.treasuryTokens(), 0);
        assertSolvent();
    }

    function test_resolve_honestMajority_slashesChallenger() public {
        (uint256 s, uint256 d) = openFraudDispute();
        vote(d, three(v0, v1, v2), votes3(HONEST, HONEST, FRAUD), flags3(true, true, true));
        toResolvable(d);
        assertEq(uint8(court.resolve(d)), uint8(ICoordinator.DisputeStatus.Honest));
        IDisputeCourt.Case memory k = court.getCase(d);
        assertEq(k.majorityCount, 2);
        assertEq(k.tokenPool, PENALTY);
        assertEq(k.votersPoolWei, HONEST_VOTERS_POOL);
        assertEq(uint8(coordinator.lease(s).status), uint8(ICoordinator.Status.Pending));
        assertEq(coordinator.credits(alice), CHALLENGER_BOND - HONEST_VOTERS_POOL);
        assertEq(coordinator.credits(carol), 0);
        assertSolvent();
    }

    /// @dev Issue 11: a tie in stake used to acquit (a holder of exactly half the stake could shield fraud).
    function test_resolve_tie_isUndecided() public {
        (uint256 s, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        commit(v1, d, HONEST);
        toRevealPhase(d);
        reveal(v0, d, FRAUD);
        reveal(v1, d, HONEST);
        toResolvable(d);
        assertEq(uint8(court.resolve(d)), uint8(ICoordinator.DisputeStatus.Open));
        IDisputeCourt.Case memory k = court.getCase(d);
        assertEq(k.round, 1);
        assertFalse(k.resolved);
        assertEq(uint8(coordinator.lease(s).status), uint8(ICoordinator.Status.Pending));
        // Revealed votes of an undecided round lose nothing.
        court.settleRound(d, 0, v0);
        court.settleRound(d, 0, v1);
        assertEq(court.validator(v0).stake, VALIDATOR_STAKE);
        assertEq(court.validator(v1).stake, VALIDATOR_STAKE);
        assertEq(court.validator(v0).reserved, 0);
    }

    /// @dev Fraud needs strictly more weight: one wei more Fraud weight flips the tie.
    function test_resolve_fraudByOneWei_isFraud() public {
        stakeAs(v0, 1);
        vm.roll(block.number + 1);
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        commit(v1, d, HONEST);
        toRevealPhase(d);
        reveal(v0, d, FRAUD);
        reveal(v1, d, HONEST);
        toResolvable(d);
        assertEq(uint8(court.resolve(d)), uint8(ICoordinator.DisputeStatus.Fraud));
    }

    /// @dev Issue 11: below quorum the submission used to stand and the challenger was refunded in full. Now
    ///      the round decides nothing: a new round starts with a fresh snapshot and doubled windows, the
    ///      dispute stays open and its opener pays the no-verdict fee.
    function test_resolve_belowQuorum_startsNextRoundAndKeepsDisputeOpen() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.quorumBps = 3_334; // one validator of three reveals 33.33%
        setCourtParams(p);
        (uint256 s, uint256 d) = openFraudDispute();
        vote(d, three(v0, v1, v2), votes3(FRAUD, FRAUD, FRAUD), flags3(true, false, false));
        toResolvable(d);
        uint64 nextCommitEnd = uint64(block.timestamp) + 2 * COMMIT_DURATION;
        vm.expectEmit(address(court));
        emit IDisputeCourt.RoundUndecided(
            d,
            0,
            VALIDATOR_STAKE,
            0,
            3 * VALIDATOR_STAKE,
            uint48(block.number - 1),
            nextCommitEnd,
            nextCommitEnd + 2 * REVEAL_DURATION
        );
        assertEq(uint8(court.resolve(d)), uint8(ICoordinator.DisputeStatus.Open));
        IDisputeCourt.Case memory k = court.getCase(d);
        assertEq(k.round, 1);
        assertFalse(k.resolved);
        assertEq(k.fraudWeight, 0, "tallies restart");
        uint256 fee = CHALLENGER_BOND * NO_VERDICT_FEE_BPS / BPS;
        assertEq(coordinator.dispute(d).bond, CHALLENGER_BOND - fee);
        assertEq(coordinator.credits(carol), 0);
        assertEq(coordinator.credits(treasury), fee);
        assertEq(uint8(coordinator.dispute(d).status), uint8(ICoordinator.DisputeStatus.Open));
        assertEq(uint8(coordinator.lease(s).status), uint8(ICoordinator.Status.Pending));
        // The unrevealed votes of round 0 still lose their penalty, to the treasury.
        court.settleRound(d, 0, v1);
        court.settleRound(d, 0, v2);
        court.settleRound(d, 0, v0);
        assertEq(court.treasuryTokens(), 2 * PENALTY);
        assertSolvent();
    }

    /// @dev The quorum boundary: 3,333 bps of 3,000 is met by 1,000 revealed.
    function test_resolve_atQuorumBoundary_decides() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.quorumBps = 3_333;
        setCourtParams(p);
        (, uint256 d) = openFraudDispute();
        vote(d, three(v0, v1, v2), votes3(FRAUD, FRAUD, FRAUD), flags3(true, false, false));
        toResolvable(d);
        assertEq(uint8(court.resolve(d)), uint8(ICoordinator.DisputeStatus.Fraud));
    }

    /// @dev Issue 11: with no active stake at all the fraud used to finalize. Now the run halts at the
    ///      submission until stake returns; a later round snapshots the new stake and decides.
    function test_resolve_zeroTotalStake_haltsUntilStakeReturns() public {
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(validators[i]);
            court.requestUnstake(VALIDATOR_STAKE);
        }
        vm.roll(block.number + 1);
        (uint256 s, uint256 d) = openFraudDispute();
        assertEq(court.getCase(d).totalWeight, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeCourt.NoVotingPower.selector, d, v0, court.getCase(d).snapshotBlock
            )
        );
        vm.prank(v0);
        court.commitVote(d, keccak256("x"));
        toResolvable(d);
        assertEq(uint8(court.resolve(d)), uint8(ICoordinator.DisputeStatus.Open));
        vm.warp(block.timestamp + CHALLENGE_WINDOW);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.DisputesOpen.selector, s, 1));
        coordinator.finalize(s);
        // A new validator stakes; the round after its stake is snapshotted decides.
        address fresh = makeAddr("fresh");
        vm.prank(v0);
        token.transfer(fresh, VALIDATOR_STAKE);
        stakeAs(fresh, VALIDATOR_STAKE);
        vm.roll(block.number + 1);
        toResolvable(d);
        assertEq(
            uint8(court.resolve(d)), uint8(ICoordinator.DisputeStatus.Open), "round 1: snapshot before stake"
        );
        commit(fresh, d, FRAUD);
        toRevealPhase(d);
        reveal(fresh, d, FRAUD);
        toResolvable(d);
        assertEq(uint8(court.resolve(d)), uint8(ICoordinator.DisputeStatus.Fraud));
        assertEq(uint8(coordinator.lease(s).status), uint8(ICoordinator.Status.Invalid));
        assertSolvent();
    }

    /// @dev Issue 11: silence under a zero quorum used to acquit.
    function test_resolve_zeroQuorumSilence_isUndecided() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.quorumBps = 0;
        setCourtParams(p);
        (uint256 s, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        toResolvable(d);
        assertEq(uint8(court.resolve(d)), uint8(ICoordinator.DisputeStatus.Open));
        assertEq(court.getCase(d).round, 1);
        assertEq(uint8(coordinator.lease(s).status), uint8(ICoordinator.Status.Pending));
        court.settleRound(d, 0, v0);
        assertEq(court.treasuryTokens(), PENALTY);
        assertSolvent();
    }

    // ------------------------------------------------------------------ settle

    function test_settle_unknownCase_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CaseNotFound.selector, 9));
        court.settle(9, v0);
    }

    function test_settle_unresolved_reverts() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        toResolvable(d);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.NotResolved.selector, d));
        court.settle(d, v0);
    }

    function test_settle_notCommitted_reverts() public {
        (, uint256 d) = openFraudDispute();
        judge(d, FRAUD);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.NotCommitted.selector, d, outsider));
        court.settle(d, outsider);
    }

    function test_settle_undecidedRound_revertsNotResolved() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        toResolvable(d);
        court.resolve(d);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.NotResolved.selector, d));
        court.settle(d, v0);
    }

    function test_settle_twice_reverts() public {
        (, uint256 d) = openFraudDispute();
        vote(d, three(v0, v1, v2), votes3(FRAUD, FRAUD, HONEST), flags3(true, true, true));
        toResolvable(d);
        court.resolve(d);
        court.settle(d, v2);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.AlreadySettled.selector, d, v2));
        court.settle(d, v2);
        assertEq(court.validator(v2).stake, VALIDATOR_STAKE - PENALTY, "penalized once");
    }

    /// @dev Uneven weights make the pro-rata shares round down; the last majority voter takes the remainder
    ///      so both pools are paid exactly.
    function test_settle_majority_paysProRataAndLastTakesRemainder() public {
        stakeAs(v1, 1 ether); // weights 1000 / 1001: shares do not divide evenly
        vm.roll(block.number + 1);
        (, uint256 d) = openFraudDispute();
        vote(d, three(v0, v1, v2), votes3(FRAUD, FRAUD, HONEST), flags3(true, true, true));
        toResolvable(d);
        court.resolve(d);
        uint256 w0 = VALIDATOR_STAKE;
        uint256 w1 = VALIDATOR_STAKE + 1 ether;
        uint256 tokens0 = PENALTY * w0 / (w0 + w1);
        uint256 eth0 = FRAUD_VOTERS_POOL * w0 / (w0 + w1);
        assertTrue(tokens0 * (w0 + w1) != PENALTY * w0, "the split must round");

        uint256 bal0 = token.balanceOf(v0);
        vm.expectEmit(address(court));
        emit IDisputeCourt.VoterSettled(d, v0, true, tokens0, 0, eth0);
        court.settle(d, v0);
        assertEq(token.balanceOf(v0), bal0 + tokens0);
        assertEq(coordinator.credits(v0), eth0);

        uint256 bal1 = token.balanceOf(v1);
        vm.expectEmit(address(court));
        emit IDisputeCourt.VoterSettled(d, v1, true, PENALTY - tokens0, 0, FRAUD_VOTERS_POOL - eth0);
        court.settle(d, v1);
        assertEq(token.balanceOf(v1), bal1 + PENALTY - tokens0);
        assertEq(coordinator.credits(v1), FRAUD_VOTERS_POOL - eth0);
        assertGe(PENALTY - tokens0, PENALTY * w1 / (w0 + w1), "remainder >= pro-rata");

        IDisputeCourt.Case memory k = court.getCase(d);
        assertEq(k.tokenPoolPaid, k.tokenPool);
        assertEq(k.votersPoolPaid, k.votersPoolWei);
        assertEq(k.majoritySettled, 2);
        assertEq(coordinator.votersPoolWei(d), 0, "voter pool drained exactly");
        assertEq(court.validator(v0).stake, VALIDATOR_STAKE, "majority keeps its stake");
        assertEq(court.validator(v0).reserved, 0);

        court.settle(d, v2);
        assertCourtTokensBalanced();
        assertSolvent();
    }

    /// @dev Whatever the weights and the settlement order, pools are paid exactly and tokens are conserved.
    function testFuzz_settle_anyWeightsAnyOrder_paysPoolsExactly(uint96 extra0, uint96 extra1, bool v1First)
        public
    {
        extra0 = uint96(bound(extra0, 0, 5_000 ether));
        extra1 = uint96(bound(extra1, 0, 5_000 ether));
        if (extra0 != 0) stakeAs(v0, extra0);
        if (extra1 != 0) stakeAs(v1, extra1);
        vm.roll(block.number + 1);
        (, uint256 d) = openFraudDispute();
        vote(d, three(v0, v1, v2), votes3(FRAUD, FRAUD, HONEST), flags3(true, true, true));
        toResolvable(d);
        court.resolve(d);
        uint256 supplyBefore =
            token.balanceOf(address(court)) + token.balanceOf(v0) + token.balanceOf(v1) + token.balanceOf(v2);
        if (v1First) court.settle(d, v1);
        court.settle(d, v2);
        court.settle(d, v0);
        if (!v1First) court.settle(d, v1);
        IDisputeCourt.Case memory k = court.getCase(d);
        assertEq(k.tokenPoolPaid, PENALTY);
        assertEq(k.votersPoolPaid, FRAUD_VOTERS_POOL);
        assertEq(coordinator.credits(v0) + coordinator.credits(v1), FRAUD_VOTERS_POOL);
        assertEq(
            token.balanceOf(address(court)) + token.balanceOf(v0) + token.balanceOf(v1) + token.balanceOf(v2),
            supplyBefore
        );
        assertCourtTokensBalanced();
        assertSolvent();
    }

    function test_settle_minority_losesReservedPenaltyFromStake() public {
        (, uint256 d) = openFraudDispute();
        vote(d, three(v0, v1, v2), votes3(FRAUD, FRAUD, HONEST), flags3(true, true, true));
        toResolvable(d);
        court.resolve(d);
        uint256 walletBefore = token.balanceOf(v2);
        vm.expectEmit(address(court));
        emit IDisputeCourt.VoterSettled(d, v2, false, 0, PENALTY, 0);
        court.settle(d, v2);
        IDisputeCourt.Validator memory v = court.validator(v2);
        assertEq(v.stake, VALIDATOR_STAKE - PENALTY);
        assertEq(v.reserved, 0);
        assertEq(v.pendingSettlements, 0);
        assertEq(court.totalStake(), 3 * VALIDATOR_STAKE - PENALTY);
        assertEq(court.stakeAt(v2, uint48(block.number)), VALIDATOR_STAKE - PENALTY, "checkpoint written");
        assertEq(token.balanceOf(v2), walletBefore, "no tokens move on a penalty");
        assertEq(coordinator.credits(v2), 0);
    }

    function test_settle_unrevealedInVerdict_losesPenaltyToMajority() public {
        (, uint256 d) = openFraudDispute();
        vote(d, three(v0, v1, v2), votes3(FRAUD, FRAUD, FRAUD), flags3(true, true, false));
        toResolvable(d);
        court.resolve(d);
        assertEq(court.getCase(d).tokenPool, PENALTY, "the unrevealed penalty pays the majority");
        vm.expectEmit(address(court));
        emit IDisputeCourt.VoterSettled(d, v2, false, 0, PENALTY, 0);
        court.settle(d, v2);
        assertEq(court.validator(v2).stake, VALIDATOR_STAKE - PENALTY);
        court.settle(d, v0);
        court.settle(d, v1);
        assertEq(court.getCase(d).tokenPoolPaid, PENALTY);
        assertEq(court.treasuryTokens(), 0);
        assertCourtTokensBalanced();
    }

    /// @dev Stake removed after the snapshot stays slashable: the penalty comes from unbonding.
    function test_settle_minorityAllUnbonding_penaltyFromUnbonding() public {
        (, uint256 d) = openFraudDispute();
        vm.roll(block.number + 1);
        vm.prank(v2);
        court.requestUnstake(VALIDATOR_STAKE);
        vote(d, three(v0, v1, v2), votes3(FRAUD, FRAUD, HONEST), flags3(true, true, true));
        assertEq(court.ballot(d, v2).weight, VALIDATOR_STAKE, "removed stake still votes");
        toResolvable(d);
        court.resolve(d);
        court.settle(d, v2);
        IDisputeCourt.Validator memory v = court.validator(v2);
        assertEq(v.stake, 0);
        assertEq(v.unbonding, VALIDATOR_STAKE - PENALTY);
        assertEq(court.totalStake(), 2 * VALIDATOR_STAKE, "total untouched: nothing taken from active stake");
        court.settle(d, v0);
        court.settle(d, v1);
        assertCourtTokensBalanced();
    }

    /// @dev Stake first, then unbonding for the rest.
    function test_settle_minorityPartlyUnbonding_takesStakeThenUnbonding() public {
        (, uint256 d) = openFraudDispute();
        vm.prank(v2);
        court.requestUnstake(VALIDATOR_STAKE - 40 ether); // 40 active, 960 unbonding
        vote(d, three(v0, v1, v2), votes3(FRAUD, FRAUD, HONEST), flags3(true, true, true));
        toResolvable(d);
        court.resolve(d);
        court.settle(d, v2);
        IDisputeCourt.Validator memory v = court.validator(v2);
        assertEq(v.stake, 0, "40 from stake");
        assertEq(v.unbonding, VALIDATOR_STAKE - 40 ether - (PENALTY - 40 ether), "60 from unbonding");
        assertEq(court.totalStake(), 2 * VALIDATOR_STAKE);
    }

    /// @dev A penalty is collectable even after the voter withdrew all it could: the reserve stayed behind.
    function test_settle_minorityAfterWithdrawal_collectsReserve() public {
        (, uint256 d) = openFraudDispute();
        vote(d, three(v0, v1, v2), votes3(FRAUD, FRAUD, HONEST), flags3(true, true, true));
        vm.prank(v2);
        court.requestUnstake(VALIDATOR_STAKE);
        vm.warp(court.validator(v2).releaseAt);
        vm.prank(v2);
        court.withdrawUnstaked();
        court.resolve(d);
        court.settle(d, v0); // the majority is paid before the minority is collected
        court.settle(d, v1);
        court.settle(d, v2);
        IDisputeCourt.Validator memory v = court.validator(v2);
        assertEq(v.stake + v.unbonding + v.reserved, 0);
        assertCourtTokensBalanced();
    }

    function test_settleRound_revealedInUndecidedRound_losesNothing() public {
        uint256 d = undecidedWithOneReveal();
        vm.expectEmit(address(court));
        emit IDisputeCourt.RoundVoterSettled(d, 0, v0, 0);
        court.settleRound(d, 0, v0);
        IDisputeCourt.Validator memory v = court.validator(v0);
        assertEq(v.stake, VALIDATOR_STAKE);
        assertEq(v.reserved, 0);
        assertEq(v.pendingSettlements, 0);
        assertEq(coordinator.credits(v0), 0);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.AlreadySettled.selector, d, v0));
        court.settleRound(d, 0, v0);
    }

    function test_settleRound_currentRound_reverts() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.RoundNotOver.selector, d, 0, 0));
        court.settleRound(d, 0, v0);
    }

    function test_settleRound_unrevealedInUndecidedRound_penaltyToTreasury() public {
        uint256 d = undecidedWithOneReveal();
        vm.expectEmit(address(court));
        emit IDisputeCourt.RoundVoterSettled(d, 0, v1, PENALTY);
        court.settleRound(d, 0, v1);
        court.settleRound(d, 0, v2);
        court.settleRound(d, 0, v0);
        assertEq(court.treasuryTokens(), 2 * PENALTY);
        assertEq(court.validator(v1).stake, VALIDATOR_STAKE - PENALTY);
        assertEq(court.validator(v2).stake, VALIDATOR_STAKE - PENALTY);
        assertCourtTokensBalanced();
    }

    /// @dev Issue 11: a staked validator that did not vote lost nothing, so a large staker could let a case
    ///      fail quorum for free.
    function test_penalizeAbsent_stakedNonVoter_losesAbstainShare() public {
        (, uint256 d) = openFraudDispute();
        fraudByV0AndV1(d);
        uint256 abstain = VALIDATOR_STAKE * ABSTAIN_PENALTY_BPS / BPS;
        vm.expectEmit(address(court));
        emit IDisputeCourt.AbsencePenalized(d, 0, v2, abstain);
        vm.prank(outsider);
        assertEq(court.penalizeAbsent(d, 0, v2), abstain);
        assertEq(court.validator(v2).stake, VALIDATOR_STAKE - abstain);
        assertEq(court.treasuryTokens(), abstain);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.AbsenceAlreadyPenalized.selector, d, 0, v2));
        court.penalizeAbsent(d, 0, v2);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.NotAbsent.selector, d, 0, v0));
        court.penalizeAbsent(d, 0, v0);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.NotAbsent.selector, d, 0, outsider));
        court.penalizeAbsent(d, 0, outsider);
        settleFirstTwo(d);
        assertCourtTokensBalanced();
    }

    /// @dev Quorum 50 %: v0 reveals Fraud, v1 and v2 commit and stay silent; the round ends undecided.
    function undecidedWithOneReveal() internal returns (uint256 d) {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.quorumBps = 5_000;
        setCourtParams(p);
        (, d) = openFraudDispute();
        vote(d, three(v0, v1, v2), votes3(FRAUD, HONEST, FRAUD), flags3(true, false, false));
        toResolvable(d);
        assertEq(uint8(court.resolve(d)), uint8(ICoordinator.DisputeStatus.Open));
    }

    /// @dev v0 and v1 vote Fraud (two thirds of the stake), v2 abstains; the case is resolved.
    function fraudByV0AndV1(uint256 d) internal {
        commit(v0, d, FRAUD);
        commit(v1, d, FRAUD);
        toRevealPhase(d);
        reveal(v0, d, FRAUD);
        reveal(v1, d, FRAUD);
        toResolvable(d);
        court.resolve(d);
    }

    function settleFirstTwo(uint256 d) internal {
        court.settle(d, v0);
        court.settle(d, v1);
    }

    function test_penalizeAbsent_roundNotOver_reverts() public {
        (, uint256 d) = openFraudDispute();
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.RoundNotOver.selector, d, 0, 0));
        court.penalizeAbsent(d, 0, v2);
    }

    /// @dev Abstention takes only unreserved stake: it never eats what backs committed votes elsewhere.
    function test_penalizeAbsent_reservedStake_notTaken() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.abstainPenaltyBps = 10_000;
        setCourtParams(p);
        (, uint256 d1) = openFraudDispute();
        (, uint256 d2) = openWholeLeaseDisputeOnNew();
        commit(v2, d2, FRAUD); // reserves PENALTY in d2
        fraudByV0AndV1(d1);
        assertEq(court.penalizeAbsent(d1, 0, v2), VALIDATOR_STAKE - PENALTY);
        assertEq(court.validator(v2).stake, PENALTY);
        assertEq(court.validator(v2).reserved, PENALTY);
    }

    function openWholeLeaseDisputeOnNew() internal returns (uint256 s, uint256 d) {
        (s,) = work(bob, 0);
        d = openWholeLeaseDispute(s);
    }

    /// @dev One validator in the minority of two cases loses both reserved penalties, even after unstaking.
    function test_settle_minorityInTwoCases_collectsBothPenalties() public {
        (uint256 s, uint256 d1) = openFraudDispute();
        uint256 d2 = openWholeLeaseDispute(s);
        for (uint256 i = 0; i < 3; ++i) {
            commit(validators[i], d1, i == 2 ? HONEST : FRAUD);
            commit(validators[i], d2, i == 2 ? HONEST : FRAUD);
        }
        assertEq(court.validator(v2).reserved, 2 * PENALTY);
        assertEq(court.validator(v2).pendingSettlements, 2);
        vm.prank(v2);
        court.requestUnstake(VALIDATOR_STAKE);
        toRevealPhase(d1);
        for (uint256 i = 0; i < 3; ++i) {
            reveal(validators[i], d1, i == 2 ? HONEST : FRAUD);
            reveal(validators[i], d2, i == 2 ? HONEST : FRAUD);
        }
        toResolvable(d1);
        assertEq(uint8(court.resolve(d1)), uint8(ICoordinator.DisputeStatus.Fraud));
        assertEq(uint8(court.resolve(d2)), uint8(ICoordinator.DisputeStatus.Fraud));
        assertEq(court.getCase(d2).votersPoolWei, 0, "second verdict: the worker bond is already gone");
        assertEq(coordinator.credits(carol), 2 * CHALLENGER_BOND + WORKER_BOND - FRAUD_VOTERS_POOL);

        vm.warp(court.validator(v2).releaseAt);
        vm.prank(v2);
        assertEq(court.withdrawUnstaked(), VALIDATOR_STAKE - 2 * PENALTY, "both reserves stay behind");
        for (uint256 i = 0; i < 3; ++i) {
            court.settle(d1, validators[i]);
            court.settle(d2, validators[i]);
        }
        IDisputeCourt.Validator memory v = court.validator(v2);
        assertEq(uint256(v.stake) + v.unbonding + v.reserved + v.pendingSettlements, 0);
        assertEq(coordinator.credits(v0) + coordinator.credits(v1), FRAUD_VOTERS_POOL, "ETH from d1 only");
        assertEq(court.getCase(d2).tokenPoolPaid, PENALTY, "d2's majority still shares the tokens");
        assertCourtTokensBalanced();
        assertSolvent();
    }

    // ------------------------------------------------------------------ withdrawTreasuryTokens

    function test_withdrawTreasuryTokens_empty_reverts() public {
        vm.expectRevert(IDisputeCourt.ZeroAmount.selector);
        court.withdrawTreasuryTokens();
    }

    function test_withdrawTreasuryTokens_afterUndecidedRound_paysTreasuryAndEmits() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        toResolvable(d);
        court.resolve(d);
        court.settleRound(d, 0, v0);
        vm.expectEmit(address(court));
        emit IDisputeCourt.TreasuryTokensWithdrawn(treasury, PENALTY);
        vm.prank(keeper); // anyone may push the treasury's tokens to it
        assertEq(court.withdrawTreasuryTokens(), PENALTY);
        assertEq(token.balanceOf(treasury), PENALTY);
        assertEq(court.treasuryTokens(), 0);
        assertCourtTokensBalanced();
        vm.expectRevert(IDisputeCourt.ZeroAmount.selector);
        court.withdrawTreasuryTokens();
    }

    function test_withdrawTreasuryTokens_afterTreasuryChange_paysNewTreasury() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        toResolvable(d);
        court.resolve(d);
        court.settleRound(d, 0, v0);
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.treasury = keeper;
        setCourtParams(p);
        court.withdrawTreasuryTokens();
        assertEq(token.balanceOf(keeper), PENALTY);
        assertEq(token.balanceOf(treasury), 0);
    }
}
