// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base} from "./Base.t.sol";
import {ICoordinator} from "../../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../../src/interfaces/IDisputeCourt.sol";

/// @notice DisputeCourt unit-test fixture on top of Base: names for the three staked validators, real disputes
///         opened through the coordinator (so `resolve` exercises the real `onVerdict`), and phase warps.
abstract contract CourtFixture is Base {
    uint256 internal constant BPS = 10_000;
    /// @dev What a full-stake validator of the fixture reserves per committed vote.
    uint256 internal constant PENALTY = VALIDATOR_STAKE * PENALTY_BPS / BPS;

    address internal v0;
    address internal v1;
    address internal v2;
    address internal outsider = makeAddr("outsider");

    IDisputeCourt.Vote internal constant FRAUD = IDisputeCourt.Vote.Fraud;
    IDisputeCourt.Vote internal constant HONEST = IDisputeCourt.Vote.Honest;

    function setUp() public virtual override {
        super.setUp();
        v0 = validators[0];
        v1 = validators[1];
        v2 = validators[2];
    }

    /// @dev alice submits steps 1..8 with a wrong root from step 3; carol disputes step 3.
    function openFraudDispute() internal returns (uint256 submissionId, uint256 disputeId) {
        Commitment memory c;
        (submissionId, c) = work(alice, 3);
        disputeId = dispute(carol, submissionId, c, 3);
    }

    /// @dev carol disputes the lease as a whole (step 0: no records, no proofs).
    function openWholeLeaseDispute(uint256 submissionId) internal returns (uint256 disputeId) {
        ICoordinator.DisputeClaim memory claim;
        claim.claimedRoot = keccak256(abi.encode("claimed", submissionId, coordinator.disputeCount()));
        vm.prank(carol);
        disputeId = coordinator.openDispute{value: CHALLENGER_BOND}(submissionId, claim);
    }

    function setCourtParams(IDisputeCourt.CourtParams memory p) internal {
        vm.prank(admin);
        court.setParams(p);
    }

    function toRevealPhase(uint256 disputeId) internal {
        vm.warp(court.getCase(disputeId).commitEnd + 1);
    }

    function toResolvable(uint256 disputeId) internal {
        vm.warp(court.getCase(disputeId).revealEnd + 1);
    }

    /// @dev Commit for every listed voter, then (after the commit phase) reveal for those with reveal[i].
    function vote(
        uint256 disputeId,
        address[] memory voters,
        IDisputeCourt.Vote[] memory votes,
        bool[] memory doReveal
    ) internal {
        for (uint256 i = 0; i < voters.length; ++i) {
            commit(voters[i], disputeId, votes[i]);
        }
        toRevealPhase(disputeId);
        for (uint256 i = 0; i < voters.length; ++i) {
            if (doReveal[i]) reveal(voters[i], disputeId, votes[i]);
        }
    }

    function three(address a, address b, address c) internal pure returns (address[] memory out) {
        out = new address[](3);
        (out[0], out[1], out[2]) = (a, b, c);
    }

    function votes3(IDisputeCourt.Vote a, IDisputeCourt.Vote b, IDisputeCourt.Vote c)
        internal
        pure
        returns (IDisputeCourt.Vote[] memory out)
    {
        out = new IDisputeCourt.Vote[](3);
        (out[0], out[1], out[2]) = (a, b, c);
    }

    function flags3(bool a, bool b, bool c) internal pure returns (bool[] memory out) {
        out = new bool[](3);
        (out[0], out[1], out[2]) = (a, b, c);
    }

    /// @dev Every token the court holds is an active or unbonding stake or the treasury's, once all voters of
    ///      the listed validators are settled (no penalty paid and not yet collected, or the reverse).
    function assertCourtTokensBalanced() internal view {
        uint256 staked;
        for (uint256 i = 0; i < validators.length; ++i) {
            IDisputeCourt.Validator memory v = court.validator(validators[i]);
            staked += v.stake + v.unbonding;
        }
        assertEq(
            token.balanceOf(address(court)),
            staked + court.treasuryTokens(),
            "court tokens != stakes + treasury"
        );
    }
}
