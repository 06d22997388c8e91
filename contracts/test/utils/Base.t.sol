// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {RewardToken} from "../../src/RewardToken.sol";
import {Coordinator} from "../../src/Coordinator.sol";
import {DisputeCourt} from "../../src/DisputeCourt.sol";
import {ICoordinator} from "../../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../../src/interfaces/IDisputeCourt.sol";
import {IRewardToken} from "../../src/interfaces/IRewardToken.sol";
import {StepRecords} from "../../src/libraries/StepRecords.sol";
import {StepTree} from "./StepTree.sol";

/// @notice Shared fixture: a deployed and wired protocol, one run, funded actors, and helpers that build
///         real step commitments (records, stepsRoot, proofs) the way a worker would.
abstract contract Base is Test {
    RewardToken internal token;
    Coordinator internal coordinator;
    DisputeCourt internal court;

    address internal admin = makeAddr("admin");
    address internal treasury = makeAddr("treasury");
    address internal alice = makeAddr("alice"); // worker
    address internal bob = makeAddr("bob"); // worker
    address internal carol = makeAddr("carol"); // challenger
    address internal keeper = makeAddr("keeper");
    address[] internal validators;

    uint96 internal constant WORKER_BOND = 1 ether;
    uint96 internal constant CHALLENGER_BOND = 0.5 ether;
    uint128 internal constant REWARD_PER_STEP = 10 ether;
    uint64 internal constant K = 8;
    uint64 internal constant TOTAL_STEPS = 64;
    uint64 internal constant LEASE_DURATION = 1 hours;
    uint64 internal constant CHALLENGE_WINDOW = 1 days;
    uint40 internal constant COMMIT_DURATION = 1 hours;
    uint40 internal constant REVEAL_DURATION = 1 hours;
    uint40 internal constant UNBONDING_DELAY = 7 days;
    uint16 internal constant QUORUM_BPS = 3_000;
    uint16 internal constant PENALTY_BPS = 1_000;
    uint16 internal constant ABSTAIN_PENALTY_BPS = 500;
    uint16 internal constant NO_VERDICT_FEE_BPS = 2_000;
    uint32 internal constant LEASE_COOLDOWN = 6 hours;
    uint256 internal constant VALIDATOR_STAKE = 1_000 ether;
    bytes32 internal constant SPEC_HASH = keccak256("spec");
    bytes32 internal constant GENESIS_ROOT = keccak256("genesis");

    uint256 internal runId;
    /// @dev An empty proof, for calls expected to revert before the commitment is checked.
    bytes32[] internal noProof;
    /// @dev The first bad step each submission was built with (0 = honest), to rebuild its commitment.
    mapping(uint256 submissionId => uint64) internal badStepOf;

    function setUp() public virtual {
        vm.roll(100);
        vm.warp(1_700_000_000);
        for (uint256 i = 0; i < 3; ++i) {
            validators.push(makeAddr(string.concat("validator", vm.toString(i))));
        }
        address[] memory recipients = new address[](3);
        uint256[] memory amounts = new uint256[](3);
        for (uint256 i = 0; i < 3; ++i) {
            recipients[i] = validators[i];
            amounts[i] = 10_000 ether;
        }
        token = new RewardToken(admin, recipients, amounts);
        coordinator = new Coordinator(admin, IRewardToken(address(token)), defaultParams());
        court = new DisputeCourt(admin, token, coordinator, defaultCourtParams());
        vm.startPrank(admin);
        coordinator.setCourt(court);
        token.grantRole(token.MINTER_ROLE(), address(coordinator));
        runId = coordinator.createRun(defaultRunConfig());
        vm.stopPrank();

        for (uint256 i = 0; i < validators.length; ++i) {
            stakeAs(validators[i], VALIDATOR_STAKE);
        }
        vm.roll(block.number + 1);
        address[5] memory funded = [alice, bob, carol, keeper, admin];
        for (uint256 i = 0; i < funded.length; ++i) {
            vm.deal(funded[i], 100 ether);
        }
    }

    // ------------------------------------------------------------------ configuration

    function defaultParams() internal view returns (ICoordinator.Params memory) {
        return ICoordinator.Params({
            expirySlashBps: 1_000,
            keeperRewardBps: 5_000,
            challengerRewardBps: 5_000,
            workerRewardBps: 5_000,
            noVerdictFeeBps: NO_VERDICT_FEE_BPS,
            leaseCooldown: LEASE_COOLDOWN,
            treasury: treasury
        });
    }

    function defaultCourtParams() internal view returns (IDisputeCourt.CourtParams memory) {
        return IDisputeCourt.CourtParams({
            commitDuration: COMMIT_DURATION,
            revealDuration: REVEAL_DURATION,
            unbondingDelay: UNBONDING_DELAY,
            quorumBps: QUORUM_BPS,
            penaltyBps: PENALTY_BPS,
            abstainPenaltyBps: ABSTAIN_PENALTY_BPS,
            treasury: treasury
        });
    }

    function defaultRunConfig() internal pure returns (ICoordinator.RunConfig memory) {
        return ICoordinator.RunConfig({
            specHash: SPEC_HASH,
            genesisRoot: GENESIS_ROOT,
            stepsPerLease: K,
            leaseDuration: LEASE_DURATION,
            challengeWindow: CHALLENGE_WINDOW,
            totalSteps: TOTAL_STEPS,
            workerBond: WORKER_BOND,
            challengerBond: CHALLENGER_BOND,
            rewardPerStep: REWARD_PER_STEP,
            specCid: "bafyspec",
            genesisCid: "bafygenesis"
        });
    }

    // ------------------------------------------------------------------ honest computation model

    /// @dev The "true" state root after `step` of run `run` on a chain whose history is honest. A worker
    ///      that cheats at a step uses `fakeRoot` from there on.
    function honestRoot(uint256 run, uint64 step) internal pure returns (bytes32) {
        if (step == 0) return GENESIS_ROOT;
        return keccak256(abi.encode("state", run, step));
    }

    function honestLoss(uint64 step) internal pure returns (uint32) {
        return uint32(0x40000000) - uint32(step); // ~2.0f falling
    }

    function fakeRoot(uint64 step) internal pure returns (bytes32) {
        return keccak256(abi.encode("fraud", step));
    }

    struct Commitment {
        bytes32[] leaves;
        bytes32[] roots;
        uint32[] losses;
        bytes32 stepsRoot;
        bytes32 finalRoot;
        bytes lossesPacked;
        uint64 firstStep;
        bytes32[] finalProof; // opens the last leaf, as submit requires
    }

    /// @dev Builds the commitment for steps first..last; from `badStep` on (0 = none) roots are fraudulent.
    function buildCommitment(uint256 run, uint64 first, uint64 last, uint64 badStep)
        internal
        pure
        returns (Commitment memory c)
    {
        uint256 n = last - first + 1;
        c.leaves = new bytes32[](n);
        c.roots = new bytes32[](n);
        c.losses = new uint32[](n);
        c.firstStep = first;
        for (uint256 i = 0; i < n; ++i) {
            uint64 s = first + uint64(i);
            c.roots[i] = (badStep != 0 && s >= badStep) ? fakeRoot(s) : honestRoot(run, s);
            c.losses[i] = honestLoss(s);
            c.leaves[i] = StepRecords.leaf(run, s, c.roots[i], c.losses[i]);
            c.lossesPacked = bytes.concat(c.lossesPacked, bytes4(c.losses[i]));
        }
        c.stepsRoot = StepTree.root(c.leaves);
        c.finalRoot = c.roots[n - 1];
        c.finalProof = StepTree.proof(c.leaves, n - 1);
    }

    // ------------------------------------------------------------------ actions

    function acquire(address worker) internal returns (uint256 leaseId) {
        uint256 bond = coordinator.leaseBondWei(runId); // workerBond, doubled after expiries in a row
        vm.prank(worker);
        leaseId = coordinator.acquireLease{value: bond}(runId);
    }

    /// @dev acquireLease with a given bond and no other call first (for expectRevert).
    function acquireWithBond(address worker, uint256 bond) internal returns (uint256 leaseId) {
        vm.prank(worker);
        leaseId = coordinator.acquireLease{value: bond}(runId);
    }

    function submitLease(address worker, uint256 leaseId, uint64 badStep)
        internal
        returns (Commitment memory c)
    {
        ICoordinator.Lease memory l = coordinator.lease(leaseId);
        c = buildCommitment(l.runId, l.firstStep, l.lastStep, badStep);
        badStepOf[leaseId] = badStep;
        vm.prank(worker);
        coordinator.submit(
            l.runId, leaseId, c.stepsRoot, c.finalRoot, "bafyckpt", c.lossesPacked, c.finalProof
        );
    }

    /// @dev Acquire and submit in one go; returns the submission id.
    function work(address worker, uint64 badStep) internal returns (uint256 id, Commitment memory c) {
        id = acquire(worker);
        c = submitLease(worker, id, badStep);
    }

    /// @dev The commitment a submission was made with (rebuilt from its range and first bad step).
    function commitmentOf(uint256 submissionId) internal view returns (Commitment memory) {
        ICoordinator.Lease memory l = coordinator.lease(submissionId);
        return buildCommitment(l.runId, l.firstStep, l.lastStep, badStepOf[submissionId]);
    }

    function claimFor(uint256 submissionId, Commitment memory c, uint64 step)
        internal
        view
        returns (ICoordinator.DisputeClaim memory claim)
    {
        ICoordinator.Lease memory l = coordinator.lease(submissionId);
        uint256 i = step - c.firstStep;
        claim.step = step;
        if (step == l.firstStep) {
            if (l.parentId == 0) {
                claim.prev.stateRoot = GENESIS_ROOT;
            } else {
                // The lease starts from the parent's last record, proved against the parent's stepsRoot.
                Commitment memory p = commitmentOf(l.parentId);
                uint256 last = p.leaves.length - 1;
                claim.prev = ICoordinator.StepRecord(p.roots[last], p.losses[last]);
                claim.prevProof = StepTree.proof(p.leaves, last);
            }
        } else {
            claim.prev = ICoordinator.StepRecord(c.roots[i - 1], c.losses[i - 1]);
            claim.prevProof = StepTree.proof(c.leaves, i - 1);
        }
        claim.record = ICoordinator.StepRecord(c.roots[i], c.losses[i]);
        claim.proof = StepTree.proof(c.leaves, i);
        claim.claimedRoot = honestRoot(l.runId, step);
        claim.claimedLossBits = honestLoss(step);
    }

    function dispute(address challenger, uint256 submissionId, Commitment memory c, uint64 step)
        internal
        returns (uint256 disputeId)
    {
        ICoordinator.DisputeClaim memory claim = claimFor(submissionId, c, step);
        vm.prank(challenger);
        disputeId = coordinator.openDispute{value: CHALLENGER_BOND}(submissionId, claim);
    }

    function stakeAs(address v, uint256 amount) internal {
        vm.startPrank(v);
        token.approve(address(court), amount);
        court.stake(amount);
        vm.stopPrank();
    }

    function salt(address voter, uint256 disputeId) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", voter, disputeId));
    }

    function commit(address voter, uint256 disputeId, IDisputeCourt.Vote vote) internal {
        bytes32 h = court.commitmentOf(disputeId, voter, vote, salt(voter, disputeId));
        vm.prank(voter);
        court.commitVote(disputeId, h);
    }

    function reveal(address voter, uint256 disputeId, IDisputeCourt.Vote vote) internal {
        vm.prank(voter);
        court.revealVote(disputeId, vote, salt(voter, disputeId));
    }

    /// @dev All validators vote `vote`, the case is resolved and every voter settled.
    function judge(uint256 disputeId, IDisputeCourt.Vote vote)
        internal
        returns (ICoordinator.DisputeStatus out)
    {
        for (uint256 i = 0; i < validators.length; ++i) {
            commit(validators[i], disputeId, vote);
        }
        // Phase ends from the case: a later round's windows are longer.
        vm.warp(court.getCase(disputeId).commitEnd + 1);
        for (uint256 i = 0; i < validators.length; ++i) {
            reveal(validators[i], disputeId, vote);
        }
        vm.warp(court.getCase(disputeId).revealEnd + 1);
        out = court.resolve(disputeId);
        for (uint256 i = 0; i < validators.length; ++i) {
            court.settle(disputeId, validators[i]);
        }
    }

    function passChallengeWindow() internal {
        vm.warp(block.timestamp + CHALLENGE_WINDOW + 1);
    }

    /// @dev Wei the coordinator must hold for its records, recomputed from them: bonds of live leases and
    ///      pending submissions, bonds of open disputes and unpaid voter pools. Independent of
    ///      `coordinator.lockedWei()`, which is derived from the balance and so cannot disagree with it.
    function recomputedLockedWei() internal view returns (uint256 locked) {
        uint256 leases = coordinator.leaseCount();
        for (uint256 i = 1; i <= leases; ++i) {
            ICoordinator.Lease memory l = coordinator.lease(i);
            if (
                l.status == ICoordinator.Status.Leased || l.status == ICoordinator.Status.Pending
                    || l.status == ICoordinator.Status.Invalid
            ) locked += l.bond;
        }
        uint256 commits = coordinator.commitCount();
        for (uint256 i = 1; i <= commits; ++i) {
            locked += coordinator.disputeCommit(i).bond;
        }
        uint256 disputes = coordinator.disputeCount();
        for (uint256 i = 1; i <= disputes; ++i) {
            ICoordinator.Dispute memory d = coordinator.dispute(i);
            if (d.status == ICoordinator.DisputeStatus.Open) locked += d.bond;
            locked += coordinator.votersPoolWei(i);
        }
    }

    /// @dev ETH the coordinator must hold: everything credited plus everything locked, the locked part
    ///      recomputed from the records (`recomputedLockedWei`), not read from the contract.
    function assertSolvent() internal view {
        assertEq(
            address(coordinator).balance,
            coordinator.totalCreditsWei() + recomputedLockedWei(),
            "coordinator ETH != credits + locked"
        );
    }
}
