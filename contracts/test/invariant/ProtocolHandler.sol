// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Coordinator} from "../../src/Coordinator.sol";
import {DisputeCourt} from "../../src/DisputeCourt.sol";
import {RewardToken} from "../../src/RewardToken.sol";
import {ICoordinator} from "../../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../../src/interfaces/IDisputeCourt.sol";
import {StepTree} from "../utils/StepTree.sol";
import {WorkModel} from "./WorkModel.sol";

/// @notice Actors acting at random on the whole protocol: workers (acquire, submit honest or fraudulent work,
///         finalize, reclaim orphans, claim rewards, withdraw), challengers (step and whole-lease disputes, right
///         or wrong), validators (stake, unstake, withdraw, vote honestly or not, reveal or stay silent) and
///         keepers (expire leases, resolve cases, settle voters, move time and blocks).
/// @dev Inputs are bounded and each action picks a target for which it is valid, so nearly every call does
///      something. Ghosts measure value flows from the outside (balances before/after), never by reading the
///      contracts' own accounting. After every action `observe` records each record's status and flags any
///      transition outside the state machine.
contract ProtocolHandler is CommonBase, StdCheats, StdUtils {
    Coordinator public immutable coordinator;
    DisputeCourt public immutable court;
    RewardToken public immutable token;
    address public immutable treasury;

    uint256[] public runIds;
    mapping(uint256 runId => bytes32) public genesisOf;
    address[] public workers;
    address[] public challengers;
    address[] public validators;
    address[] public keepers;
    address[] internal _payees; // everyone who may hold coordinator credits

    // ---------------------------------------------------------------- ghosts
    uint256 public ghostEthIn; // bonds sent to the coordinator
    uint256 public ghostEthOut; // ETH withdrawn from the coordinator
    uint256 public ghostPenaltiesCollected; // court tokens taken from voters' stakes by settle
    uint256 public ghostPoolsPaid; // court tokens paid to majorities, or assigned to the treasury at resolve
    mapping(uint256 submissionId => uint64) public badStepOf; // first wrong step, 0 = honest work
    mapping(uint256 disputeId => bool) public truthIsFraud; // is the disputed record really wrong?
    mapping(uint256 disputeId => address[]) internal _votersOf;
    mapping(uint256 disputeId => mapping(address voter => IDisputeCourt.Vote)) public intendedVote;
    mapping(uint256 leaseId => ICoordinator.Status) public seenStatus;
    mapping(uint256 disputeId => ICoordinator.DisputeStatus) public seenDispute;
    mapping(uint256 runId => uint40) public seenFinalized;
    string public violation; // the first state-machine violation observed, empty if none
    mapping(bytes32 action => uint256) public calls; // actions that did something (to tune the mix)

    constructor(
        Coordinator coordinator_,
        DisputeCourt court_,
        RewardToken token_,
        uint256[] memory runIds_,
        address[] memory workers_,
        address[] memory challengers_,
        address[] memory validators_,
        address[] memory keepers_,
        address treasury_
    ) {
        coordinator = coordinator_;
        court = court_;
        token = token_;
        treasury = treasury_;
        runIds = runIds_;
        for (uint256 i = 0; i < runIds_.length; ++i) {
            genesisOf[runIds_[i]] = coordinator_.runConfig(runIds_[i]).genesisRoot;
        }
        workers = workers_;
        challengers = challengers_;
        validators = validators_;
        keepers = keepers_;
        _addPayees(workers_);
        _addPayees(challengers_);
        _addPayees(validators_);
        _addPayees(keepers_);
        _payees.push(treasury_);
    }

    function _addPayees(address[] memory accounts) internal {
        for (uint256 i = 0; i < accounts.length; ++i) {
            _payees.push(accounts[i]);
        }
    }

    modifier observe() {
        _;
        _observe();
    }

    function _done(bytes32 action) internal {
        calls[action] += 1;
    }

    // ================================================================ workers

    function acquire(uint256 runSeed, uint256 workerSeed) external observe {
        for (uint256 i = 0; i < runIds.length; ++i) {
            uint256 run = runIds[(runSeed % runIds.length + i) % runIds.length];
            ICoordinator.RunState memory st = coordinator.runState(run);
            ICoordinator.RunConfig memory cfg = coordinator.runConfig(run);
            if (st.liveLeaseId != 0 || st.tipStep >= cfg.totalSteps) continue;
            address w = workers[workerSeed % workers.length];
            vm.prank(w);
            coordinator.acquireLease{value: cfg.workerBond}(run);
            ghostEthIn += cfg.workerBond;
            _done("acquire");
            return;
        }
    }

    /// @dev The live lease's holder submits: honest work, or (2 in 5) wrong from a random step on.
    function submit(uint256 runSeed, uint256 fraudSeed) external observe {
        for (uint256 i = 0; i < runIds.length; ++i) {
            uint256 run = runIds[(runSeed % runIds.length + i) % runIds.length];
            uint256 id = coordinator.runState(run).liveLeaseId;
            if (id == 0) continue;
            ICoordinator.Lease memory l = coordinator.lease(id);
            if (block.timestamp > l.deadline) continue;
            uint64 bad;
            if (fraudSeed % 5 < 2) bad = uint64(bound(fraudSeed >> 8, l.firstStep, l.lastStep));
            WorkModel.Commitment memory c = WorkModel.build(run, l.firstStep, l.lastStep, bad);
            badStepOf[id] = bad;
            vm.prank(l.holder);
            coordinator.submit(run, id, c.stepsRoot, c.finalRoot, "bafyckpt", c.lossesPacked);
            _done("submit");
            return;
        }
    }

    function expire(uint256 runSeed, uint256 keeperSeed) external observe {
        for (uint256 i = 0; i < runIds.length; ++i) {
            uint256 run = runIds[(runSeed % runIds.length + i) % runIds.length];
            uint256 id = coordinator.runState(run).liveLeaseId;
            if (id == 0 || block.timestamp <= coordinator.lease(id).deadline) continue;
            vm.prank(keepers[keeperSeed % keepers.length]);
            coordinator.expireLease(id);
            _done("expire");
            return;
        }
    }

    function finalize(uint256 seed) external observe {
        uint256 id = _pickLease(seed, _finalizable);
        if (id == 0) return;
        vm.prank(keepers[seed % keepers.length]);
        coordinator.finalize(id);
        _done("finalize");
    }

    function reclaimOrphaned(uint256 seed) external observe {
        uint256 id = _pickLease(seed, _reclaimable);
        if (id == 0) return;
        vm.prank(workers[seed % workers.length]);
        coordinator.reclaimOrphaned(id);
        _done("reclaim");
    }

    function claimRewards(uint256 workerSeed) external observe {
        for (uint256 i = 0; i < workers.length; ++i) {
            address w = workers[(workerSeed % workers.length + i) % workers.length];
            if (coordinator.rewardsOwed(w) == 0) continue;
            vm.prank(w);
            coordinator.claimRewards();
            _done("claimRewards");
            return;
        }
    }

    function withdraw(uint256 seed) external observe {
        for (uint256 i = 0; i < _payees.length; ++i) {
            address a = _payees[(seed % _payees.length + i) % _payees.length];
            if (coordinator.credits(a) == 0) continue;
            _withdraw(a);
            _done("withdraw");
            return;
        }
    }

    function _withdraw(address a) internal {
        uint256 before = a.balance;
        vm.prank(a);
        coordinator.withdraw();
        ghostEthOut += a.balance - before;
    }

    // ================================================================ challengers

    /// @dev Disputes an open submission: (1 in 3) the whole lease, right iff it was built wrong; otherwise one step.
    ///      With `aimAtFraud` and a fraudulent submission the step is a wrong one (a rightful challenge); otherwise
    ///      any step, so honest records get false challenges too.
    function dispute(uint256 subSeed, uint256 stepSeed, uint256 challengerSeed, bool aimAtFraud) external observe {
        uint256 id = _pickLease(subSeed, _disputable);
        if (id == 0) return;
        ICoordinator.Lease memory l = coordinator.lease(id);
        uint64 bad = badStepOf[id];
        ICoordinator.DisputeClaim memory claim;
        if (stepSeed % 3 == 0) {
            claim.claimedRoot = keccak256(abi.encode("whole", id));
            truthIsFraud[_openDispute(id, l.runId, claim, challengerSeed)] = bad != 0;
            _done("disputeWhole");
            return;
        }
        uint64 step = (aimAtFraud && bad != 0)
            ? uint64(bound(stepSeed >> 2, bad, l.lastStep))
            : uint64(bound(stepSeed >> 2, l.firstStep, l.lastStep));
        claim = _claim(id, l, step);
        truthIsFraud[_openDispute(id, l.runId, claim, challengerSeed)] = WorkModel.isBad(bad, step);
        _done("disputeStep");
    }

    function _openDispute(uint256 id, uint256 run, ICoordinator.DisputeClaim memory claim, uint256 challengerSeed)
        internal
        returns (uint256 d)
    {
        uint256 bond = coordinator.runConfig(run).challengerBond;
        vm.prank(challengers[challengerSeed % challengers.length]);
        d = coordinator.openDispute{value: bond}(id, claim);
        ghostEthIn += bond;
    }

    function _claim(uint256 id, ICoordinator.Lease memory l, uint64 step)
        internal
        view
        returns (ICoordinator.DisputeClaim memory claim)
    {
        uint256 run = l.runId;
        WorkModel.Commitment memory c = WorkModel.build(run, l.firstStep, l.lastStep, badStepOf[id]);
        uint256 i = step - l.firstStep;
        claim.step = step;
        if (step != l.firstStep) {
            claim.prev = ICoordinator.StepRecord(c.roots[i - 1], c.losses[i - 1]);
            claim.prevProof = StepTree.proof(c.leaves, i - 1);
        } else if (l.parentId == 0) {
            claim.prev.stateRoot = genesisOf[run];
        } else {
            ICoordinator.Lease memory p = coordinator.lease(l.parentId);
            WorkModel.Commitment memory pc = WorkModel.build(run, p.firstStep, p.lastStep, badStepOf[l.parentId]);
            uint256 last = pc.leaves.length - 1;
            claim.prev = ICoordinator.StepRecord(pc.roots[last], pc.losses[last]);
            claim.prevProof = StepTree.proof(pc.leaves, last);
        }
        claim.record = ICoordinator.StepRecord(c.roots[i], c.losses[i]);
        claim.proof = StepTree.proof(c.leaves, i);
        claim.claimedRoot = WorkModel.isBad(badStepOf[id], step) ? WorkModel.honestRoot(run, step) : WorkModel.wrongClaim(step);
        claim.claimedLossBits = WorkModel.loss(step);
    }

    // ================================================================ validators

    function stake(uint256 valSeed, uint256 amount) external observe {
        address v = validators[valSeed % validators.length];
        uint256 balance = token.balanceOf(v);
        if (balance == 0) return;
        amount = bound(amount, 1, balance);
        vm.startPrank(v);
        token.approve(address(court), amount);
        court.stake(amount);
        vm.stopPrank();
        _done("stake");
    }

    function requestUnstake(uint256 valSeed, uint256 amount) external observe {
        address v = validators[valSeed % validators.length];
        uint256 active = court.validator(v).stake;
        if (active == 0) return;
        amount = bound(amount, 1, active / 3 + 1);
        vm.prank(v);
        court.requestUnstake(amount);
        _done("requestUnstake");
    }

    function withdrawUnstaked(uint256 valSeed) external observe {
        for (uint256 i = 0; i < validators.length; ++i) {
            address v = validators[(valSeed % validators.length + i) % validators.length];
            IDisputeCourt.Validator memory s = court.validator(v);
            uint256 mustKeep = s.reserved > s.stake ? s.reserved - s.stake : 0;
            if (s.unbonding <= mustKeep || block.timestamp < s.releaseAt) continue;
            vm.prank(v);
            court.withdrawUnstaked();
            _done("withdrawUnstaked");
            return;
        }
    }

    /// @dev On every case in its commit phase, each validator picked (3 in 4) by `whoSeed` that can still commit
    ///      does: the truth (3 in 4), the opposite, or rarely an unrevealable Vote.None commitment.
    function commitVote(uint256 whoSeed, uint256 honestySeed) external observe {
        uint256 n = coordinator.disputeCount();
        bool any;
        for (uint256 d = 1; d <= n; ++d) {
            IDisputeCourt.Case memory k = court.getCase(d);
            if (block.timestamp > k.commitEnd) continue;
            uint256 who = uint256(keccak256(abi.encode(whoSeed, d)));
            uint256 honesty = uint256(keccak256(abi.encode(honestySeed, d)));
            for (uint256 i = 0; i < validators.length; ++i) {
                address v = validators[i];
                if ((who >> (2 * i)) & 3 == 0 || !_canCommit(d, k.snapshotBlock, v)) continue;
                _commit(d, v, (honesty >> (4 * i)) % 16);
                any = true;
            }
        }
        if (any) _done("commit");
    }

    function _commit(uint256 d, address v, uint256 h) internal {
        IDisputeCourt.Vote truth = truthIsFraud[d] ? IDisputeCourt.Vote.Fraud : IDisputeCourt.Vote.Honest;
        IDisputeCourt.Vote lie = truthIsFraud[d] ? IDisputeCourt.Vote.Honest : IDisputeCourt.Vote.Fraud;
        IDisputeCourt.Vote vote = h < 12 ? truth : (h < 15 ? lie : IDisputeCourt.Vote.None);
        intendedVote[d][v] = vote;
        _votersOf[d].push(v);
        bytes32 commitment = court.commitmentOf(d, v, vote, _salt(d, v));
        vm.prank(v);
        court.commitVote(d, commitment);
    }

    function _canCommit(uint256 d, uint48 snapshot, address v) internal view returns (bool) {
        if (court.ballot(d, v).commitment != bytes32(0)) return false;
        uint256 weight = court.stakeAt(v, snapshot);
        if (weight == 0) return false;
        IDisputeCourt.Validator memory s = court.validator(v);
        uint256 penalty = weight * court.courtParams().penaltyBps / 10_000;
        return penalty <= uint256(s.stake) + s.unbonding - s.reserved;
    }

    /// @dev On every case in its reveal phase, each unrevealed voter picked (3 in 4) by `whoSeed` reveals (the
    ///      others stay silent, for now).
    function revealVote(uint256 whoSeed) external observe {
        uint256 n = coordinator.disputeCount();
        bool any;
        for (uint256 d = 1; d <= n; ++d) {
            IDisputeCourt.Case memory k = court.getCase(d);
            if (block.timestamp <= k.commitEnd || block.timestamp > k.revealEnd) continue;
            uint256 who = uint256(keccak256(abi.encode(whoSeed, d)));
            address[] storage voters = _votersOf[d];
            for (uint256 i = 0; i < voters.length; ++i) {
                address v = voters[i];
                IDisputeCourt.Vote vote = intendedVote[d][v];
                if ((who >> (2 * i)) & 3 == 0 || vote == IDisputeCourt.Vote.None) continue;
                if (court.ballot(d, v).vote != IDisputeCourt.Vote.None) continue;
                vm.prank(v);
                court.revealVote(d, vote, _salt(d, v));
                any = true;
            }
        }
        if (any) _done("reveal");
    }

    function _salt(uint256 d, address v) internal pure returns (bytes32) {
        return keccak256(abi.encode("invariant salt", d, v));
    }

    // ================================================================ keepers

    function resolve(uint256 caseSeed) external observe {
        uint256 n = coordinator.disputeCount();
        for (uint256 j = 0; j < n; ++j) {
            uint256 d = (caseSeed % n + j) % n + 1;
            IDisputeCourt.Case memory k = court.getCase(d);
            if (k.resolved || block.timestamp <= k.revealEnd) continue;
            _resolve(d);
            _done("resolve");
            return;
        }
    }

    function _resolve(uint256 d) internal {
        uint256 before = court.treasuryTokens();
        court.resolve(d);
        ghostPoolsPaid += court.treasuryTokens() - before;
    }

    /// @dev Settles, on one resolved case, each unsettled voter picked (3 in 4) by `whoSeed`, in a rotated order.
    function settle(uint256 caseSeed, uint256 whoSeed) external observe {
        uint256 n = coordinator.disputeCount();
        for (uint256 j = 0; j < n; ++j) {
            uint256 d = (caseSeed % n + j) % n + 1;
            if (!court.getCase(d).resolved) continue;
            address[] storage voters = _votersOf[d];
            bool any;
            for (uint256 i = 0; i < voters.length; ++i) {
                address v = voters[(whoSeed % voters.length + i) % voters.length];
                if ((whoSeed >> (8 + 2 * i)) & 3 == 0 || court.ballot(d, v).settled) continue;
                _settle(d, v);
                any = true;
            }
            if (!any) continue;
            _done("settle");
            return;
        }
    }

    function _settle(uint256 d, address v) internal {
        IDisputeCourt.Validator memory a = court.validator(v);
        uint256 tokensBefore = token.balanceOf(v);
        court.settle(d, v);
        IDisputeCourt.Validator memory b = court.validator(v);
        ghostPenaltiesCollected += (uint256(a.stake) + a.unbonding) - (uint256(b.stake) + b.unbonding);
        ghostPoolsPaid += token.balanceOf(v) - tokensBefore;
    }

    function withdrawTreasuryTokens() external observe {
        if (court.treasuryTokens() == 0) return;
        court.withdrawTreasuryTokens();
        _done("treasuryTokens");
    }

    /// @dev Moves time and blocks (new snapshots): a short step, a jump just past the nearest phase boundary of
    ///      a case with votes (so votes get revealed and cases resolved), or a long jump across windows.
    function passTime(uint256 secondsSeed, uint256 blocks) external observe {
        uint256 mode = secondsSeed % 4; // 0-1 short step, 2 next phase boundary, 3 long jump
        uint256 target;
        if (mode == 2) target = _nextPhaseBoundary();
        if (target == 0) {
            uint256 dt = mode == 3 ? bound(secondsSeed >> 2, 2 hours, 2 days) : bound(secondsSeed >> 2, 1, 50 minutes);
            target = block.timestamp + dt;
        }
        vm.warp(target);
        vm.roll(block.number + bound(blocks, 1, 20));
        _done("passTime");
    }

    function _nextPhaseBoundary() internal view returns (uint256) {
        uint256 n = coordinator.disputeCount();
        uint256 next;
        for (uint256 d = 1; d <= n; ++d) {
            IDisputeCourt.Case memory k = court.getCase(d);
            uint256 b;
            if (block.timestamp <= k.commitEnd) b = _votersOf[d].length != 0 ? k.commitEnd : 0;
            else if (block.timestamp <= k.revealEnd) b = k.revealEnd;
            if (b != 0 && (next == 0 || b < next)) next = b;
        }
        return next == 0 ? 0 : next + 1;
    }

    // ================================================================ target selection

    function _pickLease(uint256 seed, function(uint256) view returns (bool) ok) internal view returns (uint256) {
        uint256 n = coordinator.leaseCount();
        for (uint256 j = 0; j < n; ++j) {
            uint256 id = (seed % n + j) % n + 1;
            if (ok(id)) return id;
        }
        return 0;
    }

    function _finalizable(uint256 id) internal view returns (bool) {
        ICoordinator.Lease memory l = coordinator.lease(id);
        if (l.status != ICoordinator.Status.Pending || block.timestamp <= l.deadline || l.openDisputes != 0) {
            return false;
        }
        return l.parentId == 0 || coordinator.lease(l.parentId).status == ICoordinator.Status.Final;
    }

    function _reclaimable(uint256 id) internal view returns (bool) {
        ICoordinator.Lease memory l = coordinator.lease(id);
        if (l.status != ICoordinator.Status.Pending || l.parentId == 0 || l.openDisputes != 0) return false;
        ICoordinator.Status p = coordinator.lease(l.parentId).status;
        return p == ICoordinator.Status.Invalid || p == ICoordinator.Status.Orphaned;
    }

    function _disputable(uint256 id) internal view returns (bool) {
        ICoordinator.Lease memory l = coordinator.lease(id);
        return l.status == ICoordinator.Status.Pending && block.timestamp <= l.deadline;
    }

    // ================================================================ observation

    function _observe() internal {
        uint256 n = coordinator.leaseCount();
        for (uint256 id = 1; id <= n; ++id) {
            ICoordinator.Status was = seenStatus[id];
            ICoordinator.Status now_ = coordinator.lease(id).status;
            if (now_ == was) continue;
            if (!_leaseEdge(was, now_)) _violate("lease status", id, uint8(was), uint8(now_));
            seenStatus[id] = now_;
        }
        uint256 m = coordinator.disputeCount();
        for (uint256 d = 1; d <= m; ++d) {
            ICoordinator.DisputeStatus was = seenDispute[d];
            ICoordinator.DisputeStatus now_ = coordinator.dispute(d).status;
            if (now_ == was) continue;
            bool ok = was == ICoordinator.DisputeStatus.None
                ? now_ == ICoordinator.DisputeStatus.Open
                : was == ICoordinator.DisputeStatus.Open && now_ != ICoordinator.DisputeStatus.None;
            if (!ok) _violate("dispute status", d, uint8(was), uint8(now_));
            seenDispute[d] = now_;
        }
        for (uint256 i = 0; i < runIds.length; ++i) {
            uint40 f = coordinator.runState(runIds[i]).finalizedStep;
            if (f < seenFinalized[runIds[i]]) _violate("finalizedStep decreased", runIds[i], seenFinalized[runIds[i]], f);
            seenFinalized[runIds[i]] = f;
        }
    }

    /// @dev The lease/submission state machine of ICoordinator.Status (one record, one id).
    function _leaseEdge(ICoordinator.Status a, ICoordinator.Status b) internal pure returns (bool) {
        if (a == ICoordinator.Status.None) return b == ICoordinator.Status.Leased;
        if (a == ICoordinator.Status.Leased) {
            return b == ICoordinator.Status.Expired || b == ICoordinator.Status.Cancelled
                || b == ICoordinator.Status.Pending;
        }
        if (a == ICoordinator.Status.Pending) {
            return b == ICoordinator.Status.Final || b == ICoordinator.Status.Invalid
                || b == ICoordinator.Status.Orphaned;
        }
        return false; // Expired, Cancelled, Final, Invalid and Orphaned are terminal
    }

    function _violate(string memory what, uint256 id, uint256 from, uint256 to) internal {
        if (bytes(violation).length != 0) return;
        violation = string.concat(
            what, " #", vm.toString(id), ": ", vm.toString(from), " -> ", vm.toString(to)
        );
    }

    // ================================================================ drain (for the invariants, in a snapshot)

    /// @dev Resolves every unresolved case (after its reveal phase). Returns how many resolutions reverted.
    function resolveAll() public returns (uint256 failures) {
        uint256 n = coordinator.disputeCount();
        uint256 latest;
        for (uint256 d = 1; d <= n; ++d) {
            IDisputeCourt.Case memory k = court.getCase(d);
            if (!k.resolved && k.revealEnd > latest) latest = k.revealEnd;
        }
        if (latest >= block.timestamp) vm.warp(latest + 1);
        for (uint256 d = 1; d <= n; ++d) {
            if (court.getCase(d).resolved) continue;
            uint256 before = court.treasuryTokens();
            try court.resolve(d) {
                ghostPoolsPaid += court.treasuryTokens() - before;
            } catch {
                failures += 1;
            }
        }
    }

    /// @dev Ends everything that can end: cases, ballots, the live leases, every pending submission (in id
    ///      order, so parents end first), stakes, and then pays out every account. Reverts if any step does.
    function drainAll() external {
        require(resolveAll() == 0, "a case could not be resolved");
        uint256 n = coordinator.disputeCount();
        for (uint256 d = 1; d <= n; ++d) {
            address[] storage voters = _votersOf[d];
            for (uint256 i = 0; i < voters.length; ++i) {
                if (!court.ballot(d, voters[i]).settled) _settle(d, voters[i]);
            }
        }
        for (uint256 i = 0; i < runIds.length; ++i) {
            uint256 live = coordinator.runState(runIds[i]).liveLeaseId;
            if (live == 0) continue;
            uint256 deadline = coordinator.lease(live).deadline;
            if (block.timestamp <= deadline) vm.warp(deadline + 1);
            vm.prank(keepers[0]);
            coordinator.expireLease(live);
        }
        vm.warp(block.timestamp + 2 days + 1); // past every challenge window
        uint256 leases = coordinator.leaseCount();
        for (uint256 id = 1; id <= leases; ++id) {
            ICoordinator.Lease memory l = coordinator.lease(id);
            if (l.status != ICoordinator.Status.Pending) continue;
            if (l.parentId == 0 || coordinator.lease(l.parentId).status == ICoordinator.Status.Final) {
                coordinator.finalize(id);
            } else {
                coordinator.reclaimOrphaned(id);
            }
        }
        for (uint256 i = 0; i < workers.length; ++i) {
            if (coordinator.rewardsOwed(workers[i]) == 0) continue;
            vm.prank(workers[i]);
            coordinator.claimRewards();
        }
        for (uint256 i = 0; i < validators.length; ++i) {
            uint256 active = court.validator(validators[i]).stake;
            if (active == 0) continue;
            vm.prank(validators[i]);
            court.requestUnstake(active);
        }
        vm.warp(block.timestamp + court.courtParams().unbondingDelay);
        for (uint256 i = 0; i < validators.length; ++i) {
            if (court.validator(validators[i]).unbonding == 0) continue;
            vm.prank(validators[i]);
            court.withdrawUnstaked();
        }
        if (court.treasuryTokens() != 0) court.withdrawTreasuryTokens();
        for (uint256 i = 0; i < _payees.length; ++i) {
            if (coordinator.credits(_payees[i]) != 0) _withdraw(_payees[i]);
        }
    }

    // ================================================================ views for the invariants

    function votersOf(uint256 disputeId) external view returns (address[] memory) {
        return _votersOf[disputeId];
    }

    function payees() external view returns (address[] memory) {
        return _payees;
    }

    function validatorsList() external view returns (address[] memory) {
        return validators;
    }

    function workersList() external view returns (address[] memory) {
        return workers;
    }
}
