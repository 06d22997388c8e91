// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Base} from "./Base.t.sol";
import {ICoordinator} from "../../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../../src/interfaces/IDisputeCourt.sol";

/// @notice Coordinator test fixture on top of Base: extra runs, statuses, verdict shortcuts and the expected
///         value splits computed from the parameters (so a test states the rule, not a magic number).
abstract contract CoordinatorFixture is Base {
    uint256 internal constant BPS_DENOMINATOR = 10_000;
    string internal constant CID = "bafyckpt";

    // ------------------------------------------------------------------ runs and leases

    function createRunAs(address creator, ICoordinator.RunConfig memory cfg) internal returns (uint256 id) {
        vm.prank(creator);
        id = coordinator.createRun(cfg);
    }

    function createRunWith(uint64 k, uint64 totalSteps) internal returns (uint256 id) {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.stepsPerLease = k;
        cfg.totalSteps = totalSteps;
        id = createRunAs(admin, cfg);
    }

    function acquireOn(uint256 run, address worker) internal returns (uint256 leaseId) {
        uint256 bond = coordinator.leaseBondWei(run);
        vm.prank(worker);
        leaseId = coordinator.acquireLease{value: bond}(run);
    }

    function statusOf(uint256 id) internal view returns (ICoordinator.Status) {
        return coordinator.lease(id).status;
    }

    function assertStatus(uint256 id, ICoordinator.Status expected) internal view {
        assertEq(uint8(statusOf(id)), uint8(expected), "lease status");
    }

    function assertDisputeStatus(uint256 disputeId, ICoordinator.DisputeStatus expected) internal view {
        assertEq(uint8(coordinator.dispute(disputeId).status), uint8(expected), "dispute status");
    }

    function assertTip(uint256 run, uint64 tipStep, uint256 tipId) internal view {
        ICoordinator.RunState memory st = coordinator.runState(run);
        assertEq(st.tipStep, tipStep, "tipStep");
        assertEq(st.tipId, tipId, "tipId");
    }

    /// @dev `n` float32 losses, all zero bits: the coordinator only checks their length.
    function zeroLosses(uint256 n) internal pure returns (bytes memory) {
        return new bytes(4 * n);
    }

    // ------------------------------------------------------------------ verdicts

    function fraudVerdict(uint256 disputeId) internal {
        assertEq(uint8(judge(disputeId, IDisputeCourt.Vote.Fraud)), uint8(ICoordinator.DisputeStatus.Fraud));
    }

    function honestVerdict(uint256 disputeId) internal {
        assertEq(uint8(judge(disputeId, IDisputeCourt.Vote.Honest)), uint8(ICoordinator.DisputeStatus.Honest));
    }

    /// @dev Phase by phase, so several cases can be voted side by side before any is resolved.
    function commitAll(uint256 disputeId, IDisputeCourt.Vote vote) internal {
        for (uint256 i = 0; i < validators.length; ++i) {
            commit(validators[i], disputeId, vote);
        }
    }

    function revealAll(uint256 disputeId, IDisputeCourt.Vote vote) internal {
        for (uint256 i = 0; i < validators.length; ++i) {
            reveal(validators[i], disputeId, vote);
        }
    }

    function resolveAndSettle(uint256 disputeId) internal returns (ICoordinator.DisputeStatus out) {
        out = court.resolve(disputeId);
        settleAll(disputeId);
    }

    function settleAll(uint256 disputeId) internal {
        for (uint256 i = 0; i < validators.length; ++i) {
            court.settle(disputeId, validators[i]);
        }
    }

    /// @dev All validators commit and reveal `vote`; the case is then ready to resolve (the caller may set
    ///      event expectations on `court.resolve` itself).
    function voteThrough(uint256 disputeId, IDisputeCourt.Vote vote) internal {
        commitAll(disputeId, vote);
        vm.warp(block.timestamp + COMMIT_DURATION + 1);
        revealAll(disputeId, vote);
        vm.warp(block.timestamp + REVEAL_DURATION);
    }

    /// @dev Nobody votes: after the reveal phase anyone (here a stranger) resolves the case.
    function resolveUnvoted(uint256 disputeId) internal returns (ICoordinator.DisputeStatus out) {
        uint256 revealEnd = court.getCase(disputeId).revealEnd;
        if (block.timestamp <= revealEnd) vm.warp(revealEnd + 1);
        vm.prank(makeAddr("stranger"));
        out = court.resolve(disputeId);
    }

    function wholeLeaseClaim(bytes32 claimedRoot)
        internal
        pure
        returns (ICoordinator.DisputeClaim memory claim)
    {
        claim.claimedRoot = claimedRoot;
    }

    function disputeWholeLease(address challenger, uint256 submissionId)
        internal
        returns (uint256 disputeId)
    {
        vm.prank(challenger);
        disputeId = coordinator.openDispute{value: CHALLENGER_BOND}(
            submissionId, wholeLeaseClaim(keccak256(abi.encode("claimed", submissionId)))
        );
    }

    function setParamsAsAdmin(ICoordinator.Params memory p) internal {
        vm.prank(admin);
        coordinator.setParams(p);
    }

    function validatorCredits() internal view returns (uint256 sum) {
        for (uint256 i = 0; i < validators.length; ++i) {
            sum += coordinator.credits(validators[i]);
        }
    }

    // ------------------------------------------------------------------ books

    /// @dev Contract accounts a test created that may hold credits (added to the known payees).
    address[] internal extraPayees;

    function knownCreditsWei() internal view returns (uint256 sum) {
        address[6] memory people = [alice, bob, carol, keeper, treasury, admin];
        for (uint256 i = 0; i < people.length; ++i) {
            sum += coordinator.credits(people[i]);
        }
        sum += validatorCredits();
        for (uint256 i = 0; i < extraPayees.length; ++i) {
            sum += coordinator.credits(extraPayees[i]);
        }
    }

    /// @dev The coordinator's balance is exactly what it owes: every credit (all held by known parties) plus
    ///      everything its records lock.
    function assertBooks() internal view {
        assertEq(coordinator.totalCreditsWei(), knownCreditsWei(), "totalCreditsWei != sum of credits");
        assertEq(
            address(coordinator).balance,
            coordinator.totalCreditsWei() + recomputedLockedWei(),
            "balance != credits + recomputed locked"
        );
        assertEq(coordinator.lockedWei(), recomputedLockedWei(), "lockedWei() != recomputed locked");
    }

    // ------------------------------------------------------------------ expected splits

    function bps(uint256 amount, uint256 shareBps) internal pure returns (uint256) {
        return amount * shareBps / BPS_DENOMINATOR;
    }

    /// @dev (slashed, keeper reward, treasury share, holder refund) of an expired lease's bond.
    function expirySplit(uint256 bond)
        internal
        view
        returns (uint256 slashed, uint256 keeperReward, uint256 treasuryShare, uint256 refund)
    {
        ICoordinator.Params memory p = coordinator.params();
        slashed = bps(bond, p.expirySlashBps);
        keeperReward = bps(slashed, p.keeperRewardBps);
        treasuryShare = slashed - keeperReward;
        refund = bond - slashed;
    }
}
