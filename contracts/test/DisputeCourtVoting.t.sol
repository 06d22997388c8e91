// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CourtFixture} from "./utils/CourtFixture.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";

/// @notice DisputeCourt: opening cases, committing and revealing votes, voting power from the snapshot.
contract DisputeCourtVotingTest is CourtFixture {
    // ------------------------------------------------------------------ openCase

    function test_openCase_notCoordinator_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.NotCoordinator.selector, outsider));
        vm.prank(outsider);
        court.openCase(1);
    }

    function test_openCase_existingCase_reverts() public {
        (, uint256 d) = openFraudDispute();
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CaseExists.selector, d));
        vm.prank(address(coordinator));
        court.openCase(d);
    }

    function test_openCase_viaDispute_snapshotsPreviousBlockAndEmits() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        uint48 snapshot = uint48(block.number - 1);
        uint40 commitEnd = uint40(block.timestamp) + COMMIT_DURATION;
        uint40 revealEnd = commitEnd + REVEAL_DURATION;
        vm.expectEmit(address(court));
        emit IDisputeCourt.CaseOpened(1, snapshot, 3 * VALIDATOR_STAKE, commitEnd, revealEnd);
        uint256 d = dispute(carol, s, c, 3);
        assertEq(d, 1);
        IDisputeCourt.Case memory k = court.getCase(d);
        assertEq(k.snapshotBlock, snapshot);
        assertEq(k.commitEnd, commitEnd);
        assertEq(k.revealEnd, revealEnd);
        assertEq(k.totalWeight, 3 * VALIDATOR_STAKE);
        assertFalse(k.resolved);
        assertEq(uint8(k.outcome), uint8(ICoordinator.DisputeStatus.None));
    }

    /// @dev Stake staked in the very block a case opens is not part of its total weight.
    function test_openCase_stakeInSameBlock_excludedFromTotal() public {
        (uint256 s, Commitment memory c) = work(alice, 3);
        stakeAs(v0, 500 ether);
        uint256 d = dispute(carol, s, c, 3);
        assertEq(court.getCase(d).totalWeight, 3 * VALIDATOR_STAKE);
        assertEq(court.totalStake(), 3 * VALIDATOR_STAKE + 500 ether);
    }

    // ------------------------------------------------------------------ commitVote

    function test_commitVote_unknownCase_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CaseNotFound.selector, 42));
        vm.prank(v0);
        court.commitVote(42, keccak256("x"));
    }

    function test_commitVote_afterCommitEnd_reverts() public {
        (, uint256 d) = openFraudDispute();
        uint40 commitEnd = court.getCase(d).commitEnd;
        vm.warp(commitEnd + 1);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CommitPhaseOver.selector, d, uint64(commitEnd)));
        vm.prank(v0);
        court.commitVote(d, keccak256("x"));
    }

    function test_commitVote_atCommitEnd_succeeds() public {
        (, uint256 d) = openFraudDispute();
        vm.warp(court.getCase(d).commitEnd);
        commit(v0, d, FRAUD);
        assertEq(court.ballot(d, v0).weight, VALIDATOR_STAKE);
    }

    function test_commitVote_zeroCommitment_reverts() public {
        (, uint256 d) = openFraudDispute();
        vm.expectRevert(IDisputeCourt.InvalidVote.selector);
        vm.prank(v0);
        court.commitVote(d, bytes32(0));
    }

    function test_commitVote_twice_reverts() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.AlreadyCommitted.selector, d, v0));
        vm.prank(v0);
        court.commitVote(d, keccak256("other"));
        assertEq(court.validator(v0).reserved, PENALTY, "reserved once");
    }

    function test_commitVote_nonValidator_reverts() public {
        (, uint256 d) = openFraudDispute();
        uint48 snapshot = court.getCase(d).snapshotBlock;
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.NoVotingPower.selector, d, outsider, snapshot));
        vm.prank(outsider);
        court.commitVote(d, keccak256("x"));
    }

    /// @dev Flash stake: staked in the block the dispute opens, so it has no weight in that case.
    function test_commitVote_stakedInDisputeBlock_reverts() public {
        vm.prank(v0);
        token.transfer(outsider, 500 ether);
        (uint256 s, Commitment memory c) = work(alice, 3);
        stakeAs(outsider, 500 ether);
        uint256 d = dispute(carol, s, c, 3);
        uint48 snapshot = uint48(block.number - 1);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.NoVotingPower.selector, d, outsider, snapshot));
        vm.prank(outsider);
        court.commitVote(d, keccak256("x"));
    }

    /// @dev Control for the flash-stake test: one block earlier the same stake has full weight.
    function test_commitVote_stakedBlockBeforeDispute_hasWeight() public {
        vm.prank(v0);
        token.transfer(outsider, 500 ether);
        stakeAs(outsider, 500 ether);
        vm.roll(block.number + 1);
        (, uint256 d) = openFraudDispute();
        commit(outsider, d, FRAUD);
        assertEq(court.ballot(d, outsider).weight, 500 ether);
    }

    /// @dev Issue 11 (flooding): a validator whose stake was reserved by earlier ballots could not vote on
    ///      further cases (10 decoys at 10% exhausted it). Now it votes with full weight and reserves what is free.
    function test_commitVote_penaltyAboveFreeStake_votesWithFullWeight() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.penaltyBps = 6_000;
        setCourtParams(p);
        (uint256 s, uint256 d1) = openFraudDispute();
        uint256 d2 = openWholeLeaseDispute(s);
        uint256 d3 = openWholeLeaseDispute(s);
        commit(v0, d1, FRAUD); // reserves 600
        commit(v0, d2, FRAUD); // 400 free
        commit(v0, d3, FRAUD); // nothing free, still votes
        assertEq(court.ballot(d2, v0).weight, VALIDATOR_STAKE);
        assertEq(court.ballot(d2, v0).penalty, VALIDATOR_STAKE - VALIDATOR_STAKE * 6_000 / BPS);
        assertEq(court.ballot(d3, v0).weight, VALIDATOR_STAKE);
        assertEq(court.ballot(d3, v0).penalty, 0);
        assertEq(court.validator(v0).reserved, VALIDATOR_STAKE);
    }

    /// @dev Issue 11 (flooding): twelve decoy disputes do not keep the validators from deciding the real case.
    function test_commitVote_decoyFlood_realCaseStillDecided() public {
        (uint256 s, uint256 real) = openFraudDispute();
        for (uint256 i = 0; i < 12; ++i) {
            uint256 decoy = openWholeLeaseDispute(s);
            commit(v0, decoy, HONEST);
            commit(v1, decoy, HONEST);
            commit(v2, decoy, HONEST);
        }
        commit(v0, real, FRAUD);
        commit(v1, real, FRAUD);
        commit(v2, real, FRAUD);
        toRevealPhase(real);
        reveal(v0, real, FRAUD);
        reveal(v1, real, FRAUD);
        reveal(v2, real, FRAUD);
        toResolvable(real);
        assertEq(uint8(court.resolve(real)), uint8(ICoordinator.DisputeStatus.Fraud));
        assertEq(uint8(coordinator.lease(s).status), uint8(ICoordinator.Status.Invalid));
    }

    /// @dev Free stake counts unbonding tokens too: they stay slashable.
    function test_commitVote_freeStakeInUnbonding_succeeds() public {
        (, uint256 d) = openFraudDispute();
        vm.prank(v0);
        court.requestUnstake(VALIDATOR_STAKE);
        commit(v0, d, FRAUD);
        IDisputeCourt.Validator memory v = court.validator(v0);
        assertEq(v.stake, 0);
        assertEq(v.reserved, PENALTY);
        assertEq(court.ballot(d, v0).weight, VALIDATOR_STAKE, "snapshot weight, not current stake");
    }

    function test_commitVote_success_reservesPenaltyAndEmits() public {
        (, uint256 d) = openFraudDispute();
        bytes32 h = court.commitmentOf(d, v0, FRAUD, salt(v0, d));
        vm.expectEmit(address(court));
        emit IDisputeCourt.VoteCommitted(d, v0, VALIDATOR_STAKE);
        vm.prank(v0);
        court.commitVote(d, h);

        IDisputeCourt.Ballot memory b = court.ballot(d, v0);
        assertEq(b.commitment, h);
        assertEq(b.weight, VALIDATOR_STAKE);
        assertEq(b.penalty, PENALTY);
        assertEq(uint8(b.vote), uint8(IDisputeCourt.Vote.None));
        assertFalse(b.settled);
        IDisputeCourt.Validator memory v = court.validator(v0);
        assertEq(v.reserved, PENALTY);
        assertEq(v.pendingSettlements, 1);
        assertEq(v.stake, VALIDATOR_STAKE, "nothing taken yet");
        IDisputeCourt.Case memory k = court.getCase(d);
        assertEq(k.committedPenalty, PENALTY);
    }

    /// @dev Stake added after the dispute opened does not raise the weight (or the penalty) in that case.
    function test_commitVote_stakeAddedAfterOpening_notCounted() public {
        (, uint256 d) = openFraudDispute();
        vm.roll(block.number + 5);
        stakeAs(v0, 2_000 ether);
        commit(v0, d, FRAUD);
        assertEq(court.ballot(d, v0).weight, VALIDATOR_STAKE);
        assertEq(court.ballot(d, v0).penalty, PENALTY);
        assertEq(court.getCase(d).totalWeight, 3 * VALIDATOR_STAKE);
    }

    /// @dev Stake removed after the dispute opened still votes with its snapshot weight.
    function test_commitVote_stakeRemovedAfterOpening_stillCounted() public {
        (, uint256 d) = openFraudDispute();
        vm.roll(block.number + 5);
        vm.prank(v0);
        court.requestUnstake(900 ether);
        commit(v0, d, FRAUD);
        assertEq(court.ballot(d, v0).weight, VALIDATOR_STAKE);
        assertEq(court.validator(v0).stake, 100 ether);
    }

    // ------------------------------------------------------------------ revealVote

    function test_revealVote_unknownCase_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CaseNotFound.selector, 7));
        vm.prank(v0);
        court.revealVote(7, FRAUD, bytes32(0));
    }

    function test_revealVote_duringCommitPhase_reverts() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        IDisputeCourt.Case memory k = court.getCase(d);
        vm.warp(k.commitEnd); // last second of the commit phase
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeCourt.NotRevealPhase.selector, d, uint64(k.commitEnd), uint64(k.revealEnd)
            )
        );
        reveal(v0, d, FRAUD);
    }

    function test_revealVote_afterRevealEnd_reverts() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        IDisputeCourt.Case memory k = court.getCase(d);
        vm.warp(k.revealEnd + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeCourt.NotRevealPhase.selector, d, uint64(k.commitEnd), uint64(k.revealEnd)
            )
        );
        reveal(v0, d, FRAUD);
    }

    function test_revealVote_atRevealEnd_succeeds() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        vm.warp(court.getCase(d).revealEnd);
        reveal(v0, d, FRAUD);
        assertEq(uint8(court.ballot(d, v0).vote), uint8(FRAUD));
    }

    function test_revealVote_notCommitted_reverts() public {
        (, uint256 d) = openFraudDispute();
        toRevealPhase(d);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.NotCommitted.selector, d, v0));
        reveal(v0, d, FRAUD);
    }

    function test_revealVote_twice_reverts() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        toRevealPhase(d);
        reveal(v0, d, FRAUD);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.AlreadyRevealed.selector, d, v0));
        reveal(v0, d, FRAUD);
        assertEq(court.getCase(d).fraudWeight, VALIDATOR_STAKE, "counted once");
    }

    /// @dev A commitment to Vote.None can never be revealed (it stays unrevealed and is penalized).
    function test_revealVote_voteNone_reverts() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, IDisputeCourt.Vote.None);
        toRevealPhase(d);
        vm.expectRevert(IDisputeCourt.InvalidVote.selector);
        reveal(v0, d, IDisputeCourt.Vote.None);
    }

    function test_revealVote_wrongSalt_reverts() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        toRevealPhase(d);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CommitmentMismatch.selector, d, v0));
        vm.prank(v0);
        court.revealVote(d, FRAUD, keccak256("wrong salt"));
    }

    function test_revealVote_wrongVote_reverts() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        toRevealPhase(d);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CommitmentMismatch.selector, d, v0));
        reveal(v0, d, HONEST);
    }

    /// @dev A commitment copied from another voter does not reveal: the voter's address is in the preimage.
    function test_revealVote_commitmentOfOtherVoter_reverts() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        bytes32 copied = court.ballot(d, v0).commitment;
        vm.prank(v1);
        court.commitVote(d, copied);
        toRevealPhase(d);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CommitmentMismatch.selector, d, v1));
        vm.prank(v1);
        court.revealVote(d, FRAUD, salt(v0, d));
    }

    /// @dev The commitment binds the dispute id: a reveal cannot be replayed from another case.
    function test_revealVote_commitmentOfOtherDispute_reverts() public {
        (uint256 s, uint256 d1) = openFraudDispute();
        uint256 d2 = openWholeLeaseDispute(s);
        bytes32 h = court.commitmentOf(d1, v0, FRAUD, salt(v0, d1));
        vm.prank(v0);
        court.commitVote(d2, h);
        toRevealPhase(d2);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.CommitmentMismatch.selector, d2, v0));
        vm.prank(v0);
        court.revealVote(d2, FRAUD, salt(v0, d1));
    }

    function test_revealVote_success_talliesAndEmits() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        commit(v1, d, HONEST);
        toRevealPhase(d);
        vm.expectEmit(address(court));
        emit IDisputeCourt.VoteRevealed(d, v0, FRAUD, VALIDATOR_STAKE);
        reveal(v0, d, FRAUD);
        vm.expectEmit(address(court));
        emit IDisputeCourt.VoteRevealed(d, v1, HONEST, VALIDATOR_STAKE);
        reveal(v1, d, HONEST);
        IDisputeCourt.Case memory k = court.getCase(d);
        assertEq(k.fraudWeight, VALIDATOR_STAKE);
        assertEq(k.honestWeight, VALIDATOR_STAKE);
        assertEq(k.fraudVoters, 1);
        assertEq(k.honestVoters, 1);
        assertEq(k.fraudPenalty, PENALTY);
        assertEq(k.honestPenalty, PENALTY);
        assertEq(k.committedPenalty, 2 * PENALTY);
        assertEq(uint8(court.ballot(d, v0).vote), uint8(FRAUD));
    }

    function test_commitmentOf_matchesAbiEncoding() public view {
        bytes32 s_ = keccak256("s");
        assertEq(court.commitmentOf(3, v0, FRAUD, s_), keccak256(abi.encode(uint256(3), v0, uint8(1), s_)));
        assertTrue(court.commitmentOf(3, v0, FRAUD, s_) != court.commitmentOf(3, v0, HONEST, s_));
    }
}
