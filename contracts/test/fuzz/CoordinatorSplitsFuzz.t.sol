// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorFixture} from "../utils/CoordinatorFixture.sol";
import {ICoordinator} from "../../src/interfaces/ICoordinator.sol";

/// @notice Fuzzing the basis-point splits: for any parameters and bonds, an expiry slash and each verdict
///         divide the value exactly (no wei created, none lost to rounding).
contract CoordinatorSplitsFuzzTest is CoordinatorFixture {
    uint256 internal constant MAX_BOND = 1e24;

    function paramsWith(
        uint256 expirySlash,
        uint256 keeperReward,
        uint256 challengerReward,
        uint256 workerReward
    ) internal view returns (ICoordinator.Params memory p) {
        p = ICoordinator.Params({
            expirySlashBps: uint16(bound(expirySlash, 0, 10_000)),
            keeperRewardBps: uint16(bound(keeperReward, 0, 5_000)),
            challengerRewardBps: uint16(bound(challengerReward, 0, 5_000)),
            workerRewardBps: uint16(bound(workerReward, 0, 10_000)),
            noVerdictFeeBps: NO_VERDICT_FEE_BPS,
            leaseCooldown: LEASE_COOLDOWN,
            treasury: treasury
        });
    }

    function runWithBonds(uint256 workerBond, uint256 challengerBond) internal returns (uint256 id) {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.workerBond = uint96(workerBond);
        cfg.challengerBond = uint96(challengerBond);
        id = createRunAs(admin, cfg);
        vm.deal(alice, 2 * MAX_BOND);
        vm.deal(carol, 2 * MAX_BOND);
    }

    function testFuzz_expireLease_anyBps_creditsSumToBond(uint256 bond, uint256 slashBps, uint256 keeperBps)
        public
    {
        bond = bound(bond, 1, MAX_BOND);
        ICoordinator.Params memory p = paramsWith(slashBps, keeperBps, 0, 0);
        setParamsAsAdmin(p);
        uint256 run = runWithBonds(bond, 1);
        uint256 id = acquireOn(run, alice);
        vm.warp(block.timestamp + LEASE_DURATION + 1);
        (uint256 slashed, uint256 keeperReward, uint256 treasuryShare, uint256 refund) = expirySplit(bond);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.LeaseExpired(run, id, alice, keeper, slashed, keeperReward, refund);
        vm.prank(keeper);
        coordinator.expireLease(id);

        assertEq(coordinator.credits(alice), refund);
        assertEq(coordinator.credits(keeper), keeperReward);
        assertEq(coordinator.credits(treasury), treasuryShare);
        assertEq(refund + keeperReward + treasuryShare, bond, "credits sum to the bond");
        assertLe(keeperReward, slashed);
        assertEq(coordinator.lockedWei(), 0);
        assertBooks();
    }

    function testFuzz_onVerdict_fraudAnyBps_splitsBothBondsExactly(
        uint256 workerBond,
        uint256 challengerBond,
        uint256 challengerBps,
        bool votersToPay
    ) public {
        workerBond = bound(workerBond, 1, MAX_BOND);
        challengerBond = bound(challengerBond, 1, MAX_BOND);
        setParamsAsAdmin(paramsWith(0, 0, challengerBps, 0));
        uint256 run = runWithBonds(workerBond, challengerBond);
        uint256 id = acquireOn(run, alice);
        submitLease(alice, id, 0);
        vm.prank(carol);
        uint256 d = coordinator.openDispute{value: challengerBond}(id, wholeLeaseClaim(keccak256("x")));

        vm.prank(address(court));
        uint256 pool = coordinator.onVerdict(d, ICoordinator.DisputeStatus.Fraud, votersToPay);
        uint256 share = bps(workerBond, coordinator.params().challengerRewardBps);
        assertEq(coordinator.credits(carol), challengerBond + share);
        assertEq(coordinator.credits(alice), 0);
        assertEq(pool, votersToPay ? workerBond - share : 0);
        assertEq(coordinator.credits(treasury), votersToPay ? 0 : workerBond - share);
        assertEq(coordinator.votersPoolWei(d), pool);
        assertEq(
            coordinator.credits(carol) + pool + coordinator.credits(treasury),
            workerBond + challengerBond,
            "both bonds fully distributed"
        );
        assertEq(coordinator.lockedWei(), pool);
        assertBooks();
    }

    function testFuzz_onVerdict_honestAnyBps_splitsChallengerBondExactly(
        uint256 challengerBond,
        uint256 workerBps,
        bool votersToPay
    ) public {
        challengerBond = bound(challengerBond, 1, MAX_BOND);
        setParamsAsAdmin(paramsWith(0, 0, 0, workerBps));
        uint256 run = runWithBonds(WORKER_BOND, challengerBond);
        uint256 id = acquireOn(run, alice);
        submitLease(alice, id, 0);
        vm.prank(carol);
        uint256 d = coordinator.openDispute{value: challengerBond}(id, wholeLeaseClaim(keccak256("x")));

        vm.prank(address(court));
        uint256 pool = coordinator.onVerdict(d, ICoordinator.DisputeStatus.Honest, votersToPay);
        uint256 workerShare = bps(challengerBond, coordinator.params().workerRewardBps);
        assertEq(coordinator.credits(alice), workerShare);
        assertEq(coordinator.credits(carol), 0);
        assertEq(pool + coordinator.credits(treasury) + workerShare, challengerBond);
        assertEq(coordinator.lockedWei(), WORKER_BOND + pool, "worker bond stays locked until finalize");
        assertBooks();
    }

    /// @dev The voters' pool is paid out in any pieces up to, never beyond, its size.
    function testFuzz_payVoter_anyPieces_neverExceedPool(
        uint256 challengerBond,
        uint256 first,
        uint256 second
    ) public {
        challengerBond = bound(challengerBond, 2, MAX_BOND);
        uint256 run = runWithBonds(WORKER_BOND, challengerBond);
        uint256 id = acquireOn(run, alice);
        submitLease(alice, id, 0);
        vm.prank(carol);
        uint256 d = coordinator.openDispute{value: challengerBond}(id, wholeLeaseClaim(keccak256("x")));
        vm.prank(address(court));
        uint256 pool = coordinator.onVerdict(d, ICoordinator.DisputeStatus.Honest, true);

        first = bound(first, 0, pool);
        vm.prank(address(court));
        coordinator.payVoter(d, validators[0], first);
        uint256 remaining = pool - first;
        second = bound(second, 0, 2 * pool + 1);
        vm.prank(address(court));
        if (second > remaining) {
            vm.expectRevert(
                abi.encodeWithSelector(ICoordinator.VoterPoolExceeded.selector, d, second, remaining)
            );
            coordinator.payVoter(d, validators[1], second);
        } else {
            coordinator.payVoter(d, validators[1], second);
            assertEq(coordinator.votersPoolWei(d), remaining - second);
        }
        assertLe(coordinator.credits(validators[0]) + coordinator.credits(validators[1]), pool);
        assertBooks();
    }
}
