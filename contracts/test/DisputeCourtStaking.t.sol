// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {CourtFixture} from "./utils/CourtFixture.sol";
import {DisputeCourt} from "../src/DisputeCourt.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";

/// @notice DisputeCourt: parameters, staking, unstaking, withdrawal and the stake checkpoints.
contract DisputeCourtStakingTest is CourtFixture {
    // ------------------------------------------------------------------ setParams / constructor

    function expectInvalidParams(IDisputeCourt.CourtParams memory p, string memory field) internal {
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.InvalidCourtParams.selector, field));
        vm.prank(admin);
        court.setParams(p);
    }

    function test_setParams_valid_storesAndEmits() public {
        IDisputeCourt.CourtParams memory p = IDisputeCourt.CourtParams({
            commitDuration: 2 hours,
            revealDuration: 3 hours,
            unbondingDelay: 5 hours + 1,
            quorumBps: 10_000,
            penaltyBps: 10_000,
            abstainPenaltyBps: 10_000,
            treasury: keeper
        });
        vm.expectEmit(address(court));
        emit IDisputeCourt.CourtParamsUpdated(p);
        setCourtParams(p);
        IDisputeCourt.CourtParams memory got = court.courtParams();
        assertEq(got.commitDuration, 2 hours);
        assertEq(got.revealDuration, 3 hours);
        assertEq(got.unbondingDelay, 5 hours + 1);
        assertEq(got.quorumBps, 10_000);
        assertEq(got.penaltyBps, 10_000);
        assertEq(got.treasury, keeper);
    }

    function test_setParams_zeroCommitDuration_reverts() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.commitDuration = 0;
        expectInvalidParams(p, "commitDuration");
    }

    function test_setParams_zeroRevealDuration_reverts() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.revealDuration = 0;
        expectInvalidParams(p, "revealDuration");
    }

    function test_setParams_unbondingDelayEqualToPhases_reverts() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.unbondingDelay = p.commitDuration + p.revealDuration;
        expectInvalidParams(p, "unbondingDelay");
    }

    function test_setParams_unbondingDelayBelowPhases_reverts() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.unbondingDelay = 1;
        expectInvalidParams(p, "unbondingDelay");
    }

    /// @dev The phase sum is computed in uint256: two uint40 maxima must not wrap below the delay.
    function test_setParams_phasesSumOverflowingUint40_reverts() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.commitDuration = type(uint40).max;
        p.revealDuration = type(uint40).max;
        p.unbondingDelay = type(uint40).max;
        expectInvalidParams(p, "unbondingDelay");
    }

    function test_setParams_quorumAboveBps_reverts() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.quorumBps = 10_001;
        expectInvalidParams(p, "quorumBps");
    }

    function test_setParams_penaltyAboveBps_reverts() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.penaltyBps = 10_001;
        expectInvalidParams(p, "penaltyBps");
    }

    function test_setParams_zeroTreasury_reverts() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.treasury = address(0);
        expectInvalidParams(p, "treasury");
    }

    function test_setParams_withoutRole_reverts() public {
        bytes32 role = court.PARAMETER_ROLE();
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, outsider, role)
        );
        vm.prank(outsider);
        court.setParams(p);
    }

    function test_constructor_invalidParams_reverts() public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.unbondingDelay = p.commitDuration;
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.InvalidCourtParams.selector, "unbondingDelay"));
        new DisputeCourt(admin, token, coordinator, p);
    }

    function test_constructor_valid_grantsRolesAndWires() public view {
        assertTrue(court.hasRole(court.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(court.hasRole(court.PARAMETER_ROLE(), admin));
        assertEq(address(court.token()), address(token));
        assertEq(address(court.coordinator()), address(coordinator));
        assertEq(court.courtParams().unbondingDelay, UNBONDING_DELAY);
    }

    // ------------------------------------------------------------------ stake

    function test_stake_zeroAmount_reverts() public {
        vm.expectRevert(IDisputeCourt.ZeroAmount.selector);
        vm.prank(v0);
        court.stake(0);
    }

    function test_stake_withoutAllowance_reverts() public {
        vm.prank(v0);
        vm.expectRevert();
        court.stake(1);
        assertEq(court.validator(v0).stake, VALIDATOR_STAKE);
    }

    function test_stake_success_movesTokensAndEmits() public {
        uint256 courtBefore = token.balanceOf(address(court));
        uint256 walletBefore = token.balanceOf(v0);
        vm.startPrank(v0);
        token.approve(address(court), 250 ether);
        vm.expectEmit(address(court));
        emit IDisputeCourt.Staked(v0, 250 ether, VALIDATOR_STAKE + 250 ether);
        court.stake(250 ether);
        vm.stopPrank();
        assertEq(court.validator(v0).stake, VALIDATOR_STAKE + 250 ether);
        assertEq(court.totalStake(), 3 * VALIDATOR_STAKE + 250 ether);
        assertEq(token.balanceOf(address(court)), courtBefore + 250 ether);
        assertEq(token.balanceOf(v0), walletBefore - 250 ether);
    }

    function test_stakeAt_checkpointsPerBlock_tracksHistory() public {
        uint256 b = block.number; // setUp staked at b-1
        stakeAs(v0, 500 ether);
        stakeAs(v0, 1 ether); // same block: one checkpoint, last value wins
        vm.roll(b + 1);
        vm.prank(v0);
        court.requestUnstake(200 ether);
        vm.roll(b + 2);

        assertEq(court.stakeAt(v0, uint48(b - 2)), 0, "before staking");
        assertEq(court.stakeAt(v0, uint48(b - 1)), VALIDATOR_STAKE);
        assertEq(court.stakeAt(v0, uint48(b)), VALIDATOR_STAKE + 501 ether);
        assertEq(court.stakeAt(v0, uint48(b + 1)), VALIDATOR_STAKE + 301 ether);
        assertEq(court.stakeAt(v0, uint48(b + 2)), VALIDATOR_STAKE + 301 ether, "no write: latest carries");
        assertEq(court.stakeAt(v1, uint48(b + 1)), VALIDATOR_STAKE, "others untouched");

        assertEq(court.totalStakeAt(uint48(b - 2)), 0);
        assertEq(court.totalStakeAt(uint48(b - 1)), 3 * VALIDATOR_STAKE);
        assertEq(court.totalStakeAt(uint48(b)), 3 * VALIDATOR_STAKE + 501 ether);
        assertEq(court.totalStakeAt(uint48(b + 1)), 3 * VALIDATOR_STAKE + 301 ether);
        assertEq(court.totalStake(), 3 * VALIDATOR_STAKE + 301 ether);
    }

    // ------------------------------------------------------------------ requestUnstake

    function test_requestUnstake_zeroAmount_reverts() public {
        vm.expectRevert(IDisputeCourt.ZeroAmount.selector);
        vm.prank(v0);
        court.requestUnstake(0);
    }

    function test_requestUnstake_moreThanStake_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputeCourt.InsufficientStake.selector, v0, VALIDATOR_STAKE + 1, VALIDATOR_STAKE
            )
        );
        vm.prank(v0);
        court.requestUnstake(VALIDATOR_STAKE + 1);
    }

    function test_requestUnstake_nonValidator_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.InsufficientStake.selector, outsider, 1, 0));
        vm.prank(outsider);
        court.requestUnstake(1);
    }

    function test_requestUnstake_success_movesToUnbondingAndEmits() public {
        uint64 releaseAt = uint64(block.timestamp) + UNBONDING_DELAY;
        vm.expectEmit(address(court));
        emit IDisputeCourt.UnstakeRequested(v0, 400 ether, VALIDATOR_STAKE - 400 ether, releaseAt);
        vm.prank(v0);
        court.requestUnstake(400 ether);
        IDisputeCourt.Validator memory v = court.validator(v0);
        assertEq(v.stake, VALIDATOR_STAKE - 400 ether);
        assertEq(v.unbonding, 400 ether);
        assertEq(v.releaseAt, releaseAt);
        assertEq(court.totalStake(), 3 * VALIDATOR_STAKE - 400 ether);
        assertEq(court.stakeAt(v0, uint48(block.number)), VALIDATOR_STAKE - 400 ether);
        assertEq(token.balanceOf(address(court)), 3 * VALIDATOR_STAKE, "tokens stay in the court");
    }

    /// @dev A later request restarts the clock for everything unbonding (one releaseAt per validator).
    function test_requestUnstake_second_restartsReleaseClock() public {
        vm.prank(v0);
        court.requestUnstake(100 ether);
        vm.warp(block.timestamp + 1 days);
        vm.prank(v0);
        court.requestUnstake(100 ether);
        IDisputeCourt.Validator memory v = court.validator(v0);
        assertEq(v.unbonding, 200 ether);
        assertEq(v.releaseAt, uint64(block.timestamp) + UNBONDING_DELAY);
    }

    // ------------------------------------------------------------------ withdrawUnstaked

    function test_withdrawUnstaked_nothingUnbonding_reverts() public {
        vm.expectRevert(IDisputeCourt.ZeroAmount.selector);
        vm.prank(v0);
        court.withdrawUnstaked();
    }

    function test_withdrawUnstaked_beforeRelease_reverts() public {
        vm.prank(v0);
        court.requestUnstake(100 ether);
        uint64 releaseAt = court.validator(v0).releaseAt;
        vm.warp(releaseAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.StillUnbonding.selector, v0, releaseAt));
        vm.prank(v0);
        court.withdrawUnstaked();
    }

    function test_withdrawUnstaked_atRelease_paysAndEmits() public {
        vm.prank(v0);
        court.requestUnstake(100 ether);
        vm.warp(court.validator(v0).releaseAt);
        uint256 before = token.balanceOf(v0);
        vm.expectEmit(address(court));
        emit IDisputeCourt.UnstakeWithdrawn(v0, 100 ether);
        vm.prank(v0);
        assertEq(court.withdrawUnstaked(), 100 ether);
        assertEq(token.balanceOf(v0), before + 100 ether);
        assertEq(court.validator(v0).unbonding, 0);
        assertEq(court.validator(v0).stake, VALIDATOR_STAKE - 100 ether);
        assertCourtTokensBalanced();
    }

    /// @dev A reserved penalty covered by the active stake does not hold back unbonding tokens.
    function test_withdrawUnstaked_reservedCoveredByStake_withdrawsAll() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD); // reserves PENALTY
        vm.prank(v0);
        court.requestUnstake(500 ether); // stake 500 >= reserved 100
        vm.warp(court.validator(v0).releaseAt);
        vm.prank(v0);
        assertEq(court.withdrawUnstaked(), 500 ether);
        assertEq(court.validator(v0).reserved, PENALTY);
    }

    /// @dev Reserved penalties beyond the active stake stay behind in unbonding until settled.
    function test_withdrawUnstaked_reservedExceedsStake_keepsReservedThenReverts() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD);
        vm.prank(v0);
        court.requestUnstake(VALIDATOR_STAKE);
        vm.warp(court.validator(v0).releaseAt);

        vm.expectEmit(address(court));
        emit IDisputeCourt.UnstakeWithdrawn(v0, VALIDATOR_STAKE - PENALTY);
        vm.prank(v0);
        assertEq(court.withdrawUnstaked(), VALIDATOR_STAKE - PENALTY);
        IDisputeCourt.Validator memory v = court.validator(v0);
        assertEq(v.unbonding, PENALTY, "penalty kept");
        assertEq(v.reserved, PENALTY);

        vm.expectRevert(abi.encodeWithSelector(IDisputeCourt.SettlementsPending.selector, v0, uint32(1)));
        vm.prank(v0);
        court.withdrawUnstaked();
    }

    /// @dev Once the pending vote settles without a penalty, the kept tokens are withdrawable.
    function test_withdrawUnstaked_afterMajoritySettlement_releasesKept() public {
        (, uint256 d) = openFraudDispute();
        vote(d, three(v0, v1, v2), votes3(FRAUD, FRAUD, HONEST), flags3(true, true, true));
        vm.prank(v0);
        court.requestUnstake(VALIDATOR_STAKE);
        vm.warp(court.validator(v0).releaseAt);
        vm.prank(v0);
        court.withdrawUnstaked();
        court.resolve(d);
        court.settle(d, v0);
        assertEq(court.validator(v0).reserved, 0);
        assertEq(court.validator(v0).pendingSettlements, 0);
        vm.prank(v0);
        assertEq(court.withdrawUnstaked(), PENALTY);
    }

    function test_withdrawUnstaked_afterPenaltyFromUnbonding_nothingLeft() public {
        (, uint256 d) = openFraudDispute();
        commit(v0, d, FRAUD); // never revealed
        vm.prank(v0);
        court.requestUnstake(VALIDATOR_STAKE);
        vm.warp(court.validator(v0).releaseAt);
        vm.prank(v0);
        court.withdrawUnstaked();
        court.resolve(d); // nobody revealed: no verdict, round 1 starts
        court.settleRound(d, 0, v0);
        IDisputeCourt.Validator memory v = court.validator(v0);
        assertEq(v.unbonding, 0);
        assertEq(v.stake, 0);
        assertEq(court.treasuryTokens(), PENALTY);
        vm.expectRevert(IDisputeCourt.ZeroAmount.selector);
        vm.prank(v0);
        court.withdrawUnstaked();
        assertCourtTokensBalanced();
    }
}
