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
///         or wrong), validators (stake, unstake, withdraw, vote honestly or not, reveal or stay silent, abstain)
///         and keepers (expire leases, resolve cases, settle voters, penalize abstainers, move time and blocks).
///         Adversaries of issue 11: a flooder (decoy disputes on one submission), a self-disputing cheater (its
///         own fraud, from a second worker address), a copycat (re-opens another challenger's claim), a squatter
///         (expires its own lease from a second address and tries to re-lease at once), governance changing
///         parameters mid-dispute, and a front-runner (copies a finder's claim from its reveal and gets its own
///         dispute in first) and a commit griefer (commits and never reveals).
/// @dev Inputs are bounded and each action picks a target for which it is valid, so nearly every call does
///      something. Ghosts measure value flows from the outside (balances before/after), never by reading the
///      contracts' own accounting. After every action `observe` records each record's status and flags any
///      transition outside the state machine.
contract ProtocolHandler is CommonBase, StdCheats, StdUtils {
    Coordinator public immutable coordinator;
    DisputeCourt public immutable court;
    RewardToken public immutable token;
    address public immutable treasury;
    address public immutable admin;

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
    mapping(uint256 disputeId => mapping(uint256 round => address[])) internal _votersOf;
    mapping(uint256 disputeId => mapping(uint256 round => mapping(address voter => IDisputeCourt.Vote)))
        public intendedVote;
    uint256 public ghostSquatReleased; // re-leases by a just-expired holder inside its cooldown (must stay 0)
    address public frontRunner = makeAddr("frontRunner");
    mapping(address account => uint256) internal _creditsBefore; // each payee's credits before the current action
    mapping(uint256 submissionId => uint96) internal _seenHeld; // an Invalid submission's held share last seen
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
        address treasury_,
        address admin_
    ) {
        admin = admin_;
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
        _payees.push(frontRunner);
        vm.deal(frontRunner, 1_000_000 ether);
    }

    function _addPayees(address[] memory accounts) internal {
        for (uint256 i = 0; i < accounts.length; ++i) {
            _payees.push(accounts[i]);
        }
    }

    modifier observe() {
        for (uint256 i = 0; i < _payees.length; ++i) {
            _creditsBefore[_payees[i]] = coordinator.credits(_payees[i]);
        }
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
            (address cooled, uint64 until) = coordinator.leaseCooldownOf(run);
            if (w == cooled && block.timestamp < until) w = workers[(workerSeed + 1) % workers.length];
            uint256 bond = coordinator.leaseBondWei(run);
            vm.prank(w);
            coordinator.acquireLease{value: bond}(run);
            ghostEthIn += bond;
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
            coordinator.submit(run, id, c.stepsRoot, c.finalRoot, "bafyckpt", c.lossesPacked, c.finalProof);
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
    function dispute(uint256 subSeed, uint256 stepSeed, uint256 challengerSeed, bool aimAtFraud)
        external
        observe
    {
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

    function _openDispute(
        uint256 id,
        uint256 run,
        ICoordinator.DisputeClaim memory claim,
        uint256 challengerSeed
    ) internal returns (uint256 d) {
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
            WorkModel.Commitment memory pc =
                WorkModel.build(run, p.firstStep, p.lastStep, badStepOf[l.parentId]);
            uint256 last = pc.leaves.length - 1;
            claim.prev = ICoordinator.StepRecord(pc.roots[last], pc.losses[last]);
            claim.prevProof = StepTree.proof(pc.leaves, last);
        }
        claim.record = ICoordinator.StepRecord(c.roots[i], c.losses[i]);
        claim.proof = StepTree.proof(c.leaves, i);
        claim.claimedRoot = WorkModel.isBad(badStepOf[id], step)
            ? WorkModel.honestRoot(run, step)
            : WorkModel.wrongClaim(step);
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
        uint256 round = court.getCase(d).round;
        intendedVote[d][round][v] = vote;
        _votersOf[d][round].push(v);
        bytes32 commitment = court.commitmentOf(d, v, vote, _salt(d, round, v));
        vm.prank(v);
        court.commitVote(d, commitment);
    }

    function _canCommit(uint256 d, uint48 snapshot, address v) internal view returns (bool) {
        if (court.ballot(d, v).commitment != bytes32(0)) return false;
        // Voting power never runs out with the number of open cases (issue 11): only the snapshot matters.
        return court.stakeAt(v, snapshot) != 0;
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
            address[] storage voters = _votersOf[d][k.round];
            for (uint256 i = 0; i < voters.length; ++i) {
                address v = voters[i];
                IDisputeCourt.Vote vote = intendedVote[d][k.round][v];
                if ((who >> (2 * i)) & 3 == 0 || vote == IDisputeCourt.Vote.None) continue;
                if (court.ballot(d, v).vote != IDisputeCourt.Vote.None) continue;
                vm.prank(v);
                court.revealVote(d, vote, _salt(d, k.round, v));
                any = true;
            }
        }
        if (any) _done("reveal");
    }

    /// @dev A fresh salt per round: a vote revealed in an undecided round does not give away the next one.
    function _salt(uint256 d, uint256 round, address v) internal pure returns (bytes32) {
        return keccak256(abi.encode("invariant salt", d, round, v));
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
            IDisputeCourt.Case memory k = court.getCase(d);
            if (!k.resolved) continue;
            address[] storage voters = _votersOf[d][k.round];
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

    /// @dev Settles the unsettled voters of every round that ended without a verdict, on one case.
    function settleRounds(uint256 caseSeed) external observe {
        uint256 n = coordinator.disputeCount();
        for (uint256 j = 0; j < n; ++j) {
            uint256 d = (caseSeed % n + j) % n + 1;
            if (_settlePastRounds(d)) {
                _done("settleRound");
                return;
            }
        }
    }

    function _settlePastRounds(uint256 d) internal returns (bool any) {
        uint32 current = court.getCase(d).round;
        for (uint32 r = 0; r < current; ++r) {
            address[] storage voters = _votersOf[d][r];
            for (uint256 i = 0; i < voters.length; ++i) {
                if (court.ballotAt(d, r, voters[i]).settled) continue;
                _toTreasury(abi.encodeCall(court.settleRound, (d, r, voters[i])), voters[i]);
                any = true;
            }
        }
    }

    /// @dev Runs a court call whose penalty goes to the treasury and books it in the ghosts.
    function _toTreasury(bytes memory call, address v) internal {
        IDisputeCourt.Validator memory a = court.validator(v);
        uint256 before = court.treasuryTokens();
        (bool ok, bytes memory ret) = address(court).call(call);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        IDisputeCourt.Validator memory b = court.validator(v);
        ghostPenaltiesCollected += (uint256(a.stake) + a.unbonding) - (uint256(b.stake) + b.unbonding);
        ghostPoolsPaid += court.treasuryTokens() - before;
    }

    /// @dev Abstainer actor's keeper: penalizes a validator staked at a finished round's snapshot that did not
    ///      commit in it.
    function penalizeAbsent(uint256 caseSeed, uint256 valSeed) external observe {
        uint256 n = coordinator.disputeCount();
        if (n == 0) return;
        uint256 d = caseSeed % n + 1;
        IDisputeCourt.Case memory k = court.getCase(d);
        uint32 last = k.resolved ? k.round : (k.round == 0 ? 0 : k.round - 1);
        if (!k.resolved && k.round == 0) return;
        uint32 r = uint32(bound(caseSeed >> 64, 0, last));
        address v = validators[valSeed % validators.length];
        if (court.ballotAt(d, r, v).commitment != bytes32(0)) return;
        if (court.stakeAt(v, court.roundSnapshotBlock(d, r)) == 0) return;
        try this.absent(d, r, v) {
            _done("penalizeAbsent");
        } catch {}
    }

    function absent(uint256 d, uint32 r, address v) external {
        require(msg.sender == address(this), "internal");
        _toTreasury(abi.encodeCall(court.penalizeAbsent, (d, r, v)), v);
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
            uint256 dt =
                mode == 3 ? bound(secondsSeed >> 2, 2 hours, 2 days) : bound(secondsSeed >> 2, 1, 50 minutes);
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
            if (block.timestamp <= k.commitEnd) b = _votersOf[d][k.round].length != 0 ? k.commitEnd : 0;
            else if (block.timestamp <= k.revealEnd) b = k.revealEnd;
            if (b != 0 && (next == 0 || b < next)) next = b;
        }
        return next == 0 ? 0 : next + 1;
    }

    // ================================================================ target selection

    function _pickLease(uint256 seed, function(uint256) view returns (bool) ok)
        internal
        view
        returns (uint256)
    {
        uint256 n = coordinator.leaseCount();
        for (uint256 j = 0; j < n; ++j) {
            uint256 id = (seed % n + j) % n + 1;
            if (ok(id)) return id;
        }
        return 0;
    }

    function _finalizable(uint256 id) internal view returns (bool) {
        ICoordinator.Lease memory l = coordinator.lease(id);
        if (
            l.status != ICoordinator.Status.Pending || block.timestamp <= l.deadline || l.openDisputes != 0
                || l.pendingCommits != 0
        ) {
            return false;
        }
        return l.parentId == 0 || coordinator.lease(l.parentId).status == ICoordinator.Status.Final;
    }

    function _reclaimable(uint256 id) internal view returns (bool) {
        ICoordinator.Lease memory l = coordinator.lease(id);
        if (
            l.status != ICoordinator.Status.Pending || l.parentId == 0 || l.openDisputes != 0
                || l.pendingCommits != 0
        ) {
            return false;
        }
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
        for (uint256 id = 1; id <= n; ++id) {
            ICoordinator.Lease memory l = coordinator.lease(id);
            if (l.status != ICoordinator.Status.Invalid) continue;
            uint96 held = _seenHeld[id];
            _seenHeld[id] = l.bond;
            if (held == 0 || l.bond != 0) continue;
            // The share was paid in this action: it must have gone to the earliest-opened Fraud dispute.
            address winner = _earliestProvenChallenger(id);
            if (coordinator.credits(winner) < _creditsBefore[winner] + held) {
                _violate("share not paid to the earliest proven opener", id, uint160(winner), held);
            }
        }
        for (uint256 i = 0; i < runIds.length; ++i) {
            uint40 f = coordinator.runState(runIds[i]).finalizedStep;
            if (f < seenFinalized[runIds[i]]) {
                _violate("finalizedStep decreased", runIds[i], seenFinalized[runIds[i]], f);
            }
            seenFinalized[runIds[i]] = f;
        }
    }

    function _earliestProvenChallenger(uint256 submissionId) internal view returns (address winner) {
        uint256 m = coordinator.disputeCount();
        uint256 best = type(uint256).max;
        for (uint256 d = 1; d <= m; ++d) {
            ICoordinator.Dispute memory x = coordinator.dispute(d);
            if (x.submissionId != submissionId || x.status != ICoordinator.DisputeStatus.Fraud) continue;
            if (x.order < best) (best, winner) = (x.order, x.challenger);
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
        violation =
            string.concat(what, " #", vm.toString(id), ": ", vm.toString(from), " -> ", vm.toString(to));
    }

    // ================================================================ drain (for the invariants, in a snapshot)

    /// @dev Ends the current round of every unresolved case (after its reveal phase): a verdict or a further
    ///      round. Returns how many resolutions reverted.
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
        expireCommits(true);
        require(resolveAll() == 0, "a case could not be resolved");
        uint256 n = coordinator.disputeCount();
        for (uint256 d = 1; d <= n; ++d) {
            _forceVerdict(d);
        }
        for (uint256 d = 1; d <= n; ++d) {
            _settlePastRounds(d);
            address[] storage voters = _votersOf[d][court.getCase(d).round];
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

    /// @dev The court wakes up: rounds continue until every validator staked at a round's snapshot votes the
    ///      truth (staking first if nobody has stake), which is a verdict. A dead court halts; a live one decides.
    function _forceVerdict(uint256 d) internal {
        for (uint256 attempt = 0; attempt < 4 && !court.getCase(d).resolved; ++attempt) {
            if (court.totalStake() == 0) _stakeSomeone();
            vm.roll(block.number + 1);
            IDisputeCourt.Case memory k = court.getCase(d);
            if (block.timestamp <= k.revealEnd) vm.warp(uint256(k.revealEnd) + 1);
            court.resolve(d); // ends the current round; the next one snapshots the stake staked by now
            k = court.getCase(d);
            if (k.resolved) return;
            address[] memory voting = new address[](validators.length);
            uint256 count;
            for (uint256 i = 0; i < validators.length; ++i) {
                if (!_canCommit(d, k.snapshotBlock, validators[i])) continue;
                _commit(d, validators[i], 0); // h = 0: the truth
                voting[count++] = validators[i];
            }
            vm.warp(uint256(k.commitEnd) + 1);
            IDisputeCourt.Vote truth = truthIsFraud[d] ? IDisputeCourt.Vote.Fraud : IDisputeCourt.Vote.Honest;
            for (uint256 i = 0; i < count; ++i) {
                vm.prank(voting[i]);
                court.revealVote(d, truth, _salt(d, k.round, voting[i]));
            }
            vm.warp(uint256(k.revealEnd) + 1);
            uint256 before = court.treasuryTokens();
            court.resolve(d);
            ghostPoolsPaid += court.treasuryTokens() - before;
        }
        require(court.getCase(d).resolved, "the court could not reach a verdict");
    }

    function _stakeSomeone() internal {
        for (uint256 i = 0; i < validators.length; ++i) {
            uint256 balance = token.balanceOf(validators[i]);
            if (balance == 0) continue;
            vm.startPrank(validators[i]);
            token.approve(address(court), balance);
            court.stake(balance);
            vm.stopPrank();
            return;
        }
    }

    // ================================================================ adversaries (issue 11)

    /// @dev Flooder: opens several decoy whole-lease disputes on one open submission in one go.
    function flood(uint256 subSeed, uint256 countSeed) external observe {
        uint256 id = _pickLease(subSeed, _disputable);
        if (id == 0) return;
        ICoordinator.Lease memory l = coordinator.lease(id);
        uint256 count = bound(countSeed, 2, 5);
        for (uint256 i = 0; i < count; ++i) {
            ICoordinator.DisputeClaim memory claim;
            claim.claimedRoot = keccak256(abi.encode("decoy", id, i, coordinator.disputeCount()));
            truthIsFraud[_openDispute(id, l.runId, claim, countSeed + i)] = badStepOf[id] != 0;
        }
        _done("flood");
    }

    /// @dev Self-disputing cheater: the worker of a fraudulent submission disputes its own bad step from another
    ///      worker address, hoping to recover the challenger share of its own bond.
    function selfDispute(uint256 subSeed) external observe {
        uint256 id = _pickLease(subSeed, _disputable);
        if (id == 0 || badStepOf[id] == 0) return;
        ICoordinator.Lease memory l = coordinator.lease(id);
        ICoordinator.DisputeClaim memory claim = _claim(id, l, badStepOf[id]);
        uint256 bond = coordinator.runConfig(l.runId).challengerBond;
        address second = l.holder == workers[0] ? workers[1] : workers[0];
        vm.prank(second);
        uint256 d = coordinator.openDispute{value: bond}(id, claim);
        ghostEthIn += bond;
        truthIsFraud[d] = true;
        _done("selfDispute");
    }

    /// @dev Copycat: re-opens the claim of the newest open step dispute, from another challenger.
    function copycat(uint256 challengerSeed) external observe {
        uint256 n = coordinator.disputeCount();
        for (uint256 d = n; d >= 1; --d) {
            ICoordinator.Dispute memory got = coordinator.dispute(d);
            if (got.status != ICoordinator.DisputeStatus.Open || got.step == 0) continue;
            uint256 id = got.submissionId;
            if (!_disputable(id)) return;
            ICoordinator.Lease memory l = coordinator.lease(id);
            uint256 copy = _openDispute(id, l.runId, _claim(id, l, got.step), challengerSeed + 1);
            truthIsFraud[copy] = truthIsFraud[d];
            _done("copycat");
            return;
        }
    }

    /// @dev Front-runner: a finder commits to a dispute of a fraudulent step and reveals it two blocks later; the
    ///      front-runner copies the claim from the reveal in the mempool and gets its own dispute opened first.
    ///      The share must still go to the finder if both are proven (checked in `_observe` on every payout).
    function frontRun(uint256 subSeed, uint256 challengerSeed) external observe {
        uint256 id = _pickLease(subSeed, _disputable);
        if (id == 0 || badStepOf[id] == 0) return;
        ICoordinator.Lease memory l = coordinator.lease(id);
        ICoordinator.DisputeClaim memory claim = _claim(id, l, badStepOf[id]);
        uint256 bond = coordinator.runConfig(l.runId).challengerBond;
        address finder = challengers[challengerSeed % challengers.length];
        bytes32 salt_ = keccak256(abi.encode("finder", id, challengerSeed));
        bytes32 h =
            keccak256(abi.encode(id, finder, salt_, claim.step, claim.claimedRoot, claim.claimedLossBits));
        vm.prank(finder);
        uint256 commitId = coordinator.commitDispute{value: bond}(id, h);
        ghostEthIn += bond;
        vm.roll(block.number + coordinator.DISPUTE_REVEAL_DELAY_BLOCKS());
        vm.prank(frontRunner);
        uint256 copy = coordinator.openDispute{value: bond}(id, claim);
        ghostEthIn += bond;
        truthIsFraud[copy] = true;
        vm.prank(finder);
        truthIsFraud[coordinator.revealDispute(commitId, claim, salt_)] = true;
        _done("frontRun");
    }

    /// @dev Commit griefer: commits to a dispute and never reveals; anyone expires it after the reveal window.
    function griefCommit(uint256 subSeed, uint256 challengerSeed) external observe {
        uint256 id = _pickLease(subSeed, _disputable);
        if (id == 0) return;
        uint256 bond = coordinator.runConfig(coordinator.lease(id).runId).challengerBond;
        vm.prank(challengers[challengerSeed % challengers.length]);
        coordinator.commitDispute{value: bond}(id, keccak256(abi.encode("grief", id, challengerSeed)));
        ghostEthIn += bond;
        _done("griefCommit");
    }

    /// @dev Expires every commit past its reveal window (rolling the chain there when `roll`).
    function expireCommits(bool roll) public observe {
        uint256 n = coordinator.commitCount();
        for (uint256 c = 1; c <= n; ++c) {
            ICoordinator.DisputeCommit memory k = coordinator.disputeCommit(c);
            if (k.challenger == address(0)) continue;
            uint256 until = k.committedAtBlock + coordinator.DISPUTE_REVEAL_WINDOW_BLOCKS();
            if (block.number <= until) {
                if (!roll) continue;
                vm.roll(until + 1);
            }
            coordinator.expireDisputeCommit(c);
        }
        _done("expireCommits");
    }

    /// @dev Squatter: the holder of a lapsed lease expires it from a second address and tries to re-lease the run
    ///      at once. The re-lease must fail while the holder's cooldown runs.
    function squat(uint256 runSeed) external observe {
        uint256 run = runIds[runSeed % runIds.length];
        uint256 id = coordinator.runState(run).liveLeaseId;
        if (id == 0) return;
        ICoordinator.Lease memory l = coordinator.lease(id);
        if (block.timestamp <= l.deadline) vm.warp(uint256(l.deadline) + 1);
        address second = l.holder == workers[0] ? workers[1] : workers[0];
        vm.prank(second);
        coordinator.expireLease(id);
        uint256 bond = coordinator.leaseBondWei(run);
        vm.prank(l.holder);
        try coordinator.acquireLease{value: bond}(run) {
            ghostEthIn += bond;
            (, uint64 until) = coordinator.leaseCooldownOf(run);
            if (block.timestamp < until) ghostSquatReleased += 1;
        } catch {}
        _done("squat");
    }

    /// @dev Governance changes every parameter mid-flight, within bounds; open disputes keep their snapshot.
    function changeParams(uint256 seed) external observe {
        ICoordinator.Params memory p = coordinator.params();
        p.expirySlashBps = uint16(bound(seed, 0, 10_000));
        p.keeperRewardBps = uint16(bound(seed >> 16, 0, 5_000));
        p.challengerRewardBps = uint16(bound(seed >> 32, 0, 5_000));
        p.workerRewardBps = uint16(bound(seed >> 48, 0, 10_000));
        p.noVerdictFeeBps = uint16(bound(seed >> 64, 0, 10_000));
        p.leaseCooldown = uint32(bound(seed >> 80, 0, 1 days));
        vm.prank(admin);
        coordinator.setParams(p);
        IDisputeCourt.CourtParams memory cp = court.courtParams();
        cp.quorumBps = uint16(bound(seed >> 112, 0, 10_000));
        cp.penaltyBps = uint16(bound(seed >> 128, 0, 5_000));
        cp.abstainPenaltyBps = uint16(bound(seed >> 144, 0, 5_000));
        vm.prank(admin);
        court.setParams(cp);
        _done("changeParams");
    }

    // ================================================================ views for the invariants

    function votersOf(uint256 disputeId, uint256 round) external view returns (address[] memory) {
        return _votersOf[disputeId][round];
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
