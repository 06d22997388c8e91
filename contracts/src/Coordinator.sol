// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ICoordinator} from "./interfaces/ICoordinator.sol";
import {IDisputeCourt} from "./interfaces/IDisputeCourt.sol";
import {IRewardToken} from "./interfaces/IRewardToken.sol";
import {StepRecords} from "./libraries/StepRecords.sol";

/// @title Coordinator
/// @notice Training runs, the staked lease mutex, step commitments, finalization and the value flows of
///         disputes. Every wei it holds is either credited to an account (`credits`, withdrawn by pull) or locked
///         in a live lease, a pending submission, an open dispute or an unpaid voter pool (`lockedWei()`; the
///         invariant tests recompute it from those records independently).
/// @dev Invalidation is O(1): the run's tip falls back to the invalid submission's parent and descendants are
///      orphaned lazily (`reclaimOrphaned`, one call per descendant, paid by whoever wants its bond back).
///      Lease boundaries are always 1 + n·k, so `_chainAt[run][firstStep]` tells whether a submission is on the
///      live chain without walking ancestry.
contract Coordinator is ICoordinator, AccessControl, ReentrancyGuard {
    bytes32 public constant RUN_CREATOR_ROLE = keccak256("RUN_CREATOR_ROLE");
    bytes32 public constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");
    uint256 internal constant BPS = 10_000;
    /// @dev Upper bound on leaseDuration and challengeWindow: deadlines are stored as uint40 timestamps.
    uint64 public constant MAX_WINDOW = 365 days;
    /// @notice Longest checkpoint CID `submit` accepts, in bytes of its string form. A CIDv1 with a sha2-256
    ///         multihash is 59 characters in base32; 128 leaves room for longer hashes and bases while bounding
    ///         what off-chain parsers must accept (they may rely on this bound).
    uint256 public constant MAX_CID_BYTES = 128;
    /// @notice The challenger share of a fraudulent worker's bond is at most this, so a cheater disputing its own
    ///         fraud from a second address still loses at least BPS - MAX_CHALLENGER_REWARD_BPS of its bond.
    uint16 public constant MAX_CHALLENGER_REWARD_BPS = 5_000;
    /// @notice The keeper share of an expiry slash is at most this, so expiring one's own lease from a second
    ///         address still costs at least half the slash.
    uint16 public constant MAX_KEEPER_REWARD_BPS = 5_000;
    /// @notice Each lease of a run that expires in a row doubles the bond of the next one, up to 2^this times
    ///         workerBond; a submission resets it. Squatting a run with several addresses grows costly fast.
    uint8 public constant MAX_BOND_DOUBLINGS = 8;
    /// @notice A dispute commit is revealed no earlier than this many blocks after its own block, so the commit is
    ///         settled in the chain's order (past a short reorg) before the claim becomes public.
    uint64 public constant DISPUTE_REVEAL_DELAY_BLOCKS = 2;
    /// @notice ... and no later than this many blocks after it; then it expires and its bond is forfeit.
    uint64 public constant DISPUTE_REVEAL_WINDOW_BLOCKS = 256;

    IRewardToken public immutable token;
    IDisputeCourt public court;

    Params internal _params;
    uint256 public runCount;
    uint256 public leaseCount;
    uint256 public disputeCount;
    /// @notice Opening orders drawn so far: by commitDispute (the order is the commit's id) and direct openDispute.
    uint256 public commitCount;
    uint256 public totalCreditsWei;
    /// @dev Value held for live leases, pending submissions, open disputes and unpaid voter pools: raised when a
    ///      bond comes in, lowered when locked value is credited. ETH forced in without a call never enters it.
    uint256 internal _lockedWei;

    struct Cooldown {
        address holder;
        uint64 until;
        uint8 expiries; // leases of the run expired in a row since the last submission
    }

    mapping(uint256 runId => RunConfig) internal _runs;
    mapping(uint256 runId => RunState) internal _state;
    mapping(uint256 leaseId => Lease) internal _leases;
    mapping(uint256 disputeId => Dispute) internal _disputes;
    mapping(uint256 runId => mapping(uint256 firstStep => uint256 submissionId)) internal _chainAt;
    mapping(uint256 disputeId => uint256) public votersPoolWei;
    mapping(address account => uint256) public credits;
    mapping(address account => uint256) public rewardsOwed;
    mapping(uint256 runId => Cooldown) internal _cooldowns;
    mapping(uint256 commitId => DisputeCommit) internal _commits;
    mapping(uint256 submissionId => HeldShare) internal _heldShares;

    constructor(address admin, IRewardToken token_, Params memory params_) {
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(RUN_CREATOR_ROLE, admin);
        _grantRole(PARAMETER_ROLE, admin);
        _setParams(params_);
    }

    modifier onlyCourt() {
        if (msg.sender != address(court)) revert NotCourt(msg.sender);
        _;
    }

    // ------------------------------------------------------------------ administration

    /// @notice Wires the court once; the court and the coordinator reference each other.
    function setCourt(IDisputeCourt court_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        // INVARIANT: the court cannot be swapped under open disputes.
        if (address(court) != address(0)) revert CourtAlreadySet(address(court));
        // INVARIANT: the court judges this coordinator's disputes, or every openCase would revert.
        address courtCoordinator = address(court_.coordinator());
        if (courtCoordinator != address(this)) {
            revert CourtCoordinatorMismatch(address(court_), courtCoordinator);
        }
        court = court_;
        emit CourtSet(address(court_));
    }

    function setParams(Params calldata params_) external onlyRole(PARAMETER_ROLE) {
        _setParams(params_);
    }

    function _setParams(Params memory p) internal {
        if (p.expirySlashBps > BPS) revert ParamOutOfBounds("expirySlashBps", p.expirySlashBps, BPS);
        // INVARIANT: self-expiry from a second address never recovers more than half the slash.
        if (p.keeperRewardBps > MAX_KEEPER_REWARD_BPS) {
            revert ParamOutOfBounds("keeperRewardBps", p.keeperRewardBps, MAX_KEEPER_REWARD_BPS);
        }
        // INVARIANT: a fraud slash always costs the cheater at least BPS - MAX_CHALLENGER_REWARD_BPS of its bond.
        if (p.challengerRewardBps > MAX_CHALLENGER_REWARD_BPS) {
            revert ParamOutOfBounds("challengerRewardBps", p.challengerRewardBps, MAX_CHALLENGER_REWARD_BPS);
        }
        if (p.workerRewardBps > BPS) revert ParamOutOfBounds("workerRewardBps", p.workerRewardBps, BPS);
        if (p.noVerdictFeeBps > BPS) revert ParamOutOfBounds("noVerdictFeeBps", p.noVerdictFeeBps, BPS);
        if (p.leaseCooldown > MAX_WINDOW) {
            revert ParamOutOfBounds("leaseCooldown", p.leaseCooldown, MAX_WINDOW);
        }
        if (p.treasury == address(0)) revert InvalidParams("treasury");
        _params = p;
        emit ParamsUpdated(p);
    }

    /// @inheritdoc ICoordinator
    function createRun(RunConfig calldata config)
        external
        onlyRole(RUN_CREATOR_ROLE)
        returns (uint256 runId)
    {
        if (config.specHash == bytes32(0)) revert InvalidRunConfig("specHash");
        if (config.genesisRoot == bytes32(0)) revert InvalidRunConfig("genesisRoot");
        if (config.totalSteps == 0 || config.totalSteps > type(uint40).max) {
            revert InvalidRunConfig("totalSteps");
        }
        // INVARIANT: tip + k never overflows, so a run can always be leased until it completes.
        if (config.stepsPerLease == 0 || config.stepsPerLease > config.totalSteps) {
            revert InvalidRunConfig("stepsPerLease");
        }
        // INVARIANT: deadlines fit their uint40 storage without truncation.
        if (config.leaseDuration == 0 || config.leaseDuration > MAX_WINDOW) {
            revert InvalidRunConfig("leaseDuration");
        }
        if (config.challengeWindow == 0 || config.challengeWindow > MAX_WINDOW) {
            revert InvalidRunConfig("challengeWindow");
        }
        if (config.workerBond == 0) revert InvalidRunConfig("workerBond");
        if (config.challengerBond == 0) revert InvalidRunConfig("challengerBond");
        runId = ++runCount;
        if (runId > type(uint48).max) revert InvalidRunConfig("runId");
        _runs[runId] = config;
        emit RunCreated(runId, msg.sender, config);
    }

    // ------------------------------------------------------------------ lease mutex

    /// @inheritdoc ICoordinator
    function acquireLease(uint256 runId) external payable returns (uint256 leaseId) {
        RunConfig storage cfg = _runs[runId];
        uint64 k = cfg.stepsPerLease;
        if (k == 0) revert RunNotFound(runId);
        Cooldown storage cd = _cooldowns[runId];
        uint256 bond = _leaseBond(cfg.workerBond, cd.expiries);
        if (msg.value != bond) revert WrongBond(msg.value, bond);
        RunState storage st = _state[runId];
        // INVARIANT: at most one live lease per run.
        if (st.liveLeaseId != 0) {
            Lease storage live = _leases[st.liveLeaseId];
            revert LeaseHeld(runId, st.liveLeaseId, live.holder, live.deadline);
        }
        uint64 total = cfg.totalSteps;
        uint64 tip = st.tipStep;
        if (tip >= total) revert RunComplete(runId, total);
        // INVARIANT: the holder of a lease that just expired cannot squat the run by re-leasing it at once.
        if (msg.sender == cd.holder && block.timestamp < cd.until) {
            revert LeaseCooldown(runId, cd.holder, cd.until);
        }
        uint64 last = tip + k < total ? tip + k : total;
        uint64 deadline = uint64(block.timestamp) + cfg.leaseDuration;

        leaseId = ++leaseCount;
        Lease storage l = _leases[leaseId];
        l.holder = msg.sender;
        l.bond = uint96(msg.value);
        l.runId = uint48(runId);
        l.parentId = st.tipId;
        l.firstStep = uint40(tip + 1);
        l.lastStep = uint40(last);
        l.deadline = uint40(deadline);
        l.status = Status.Leased;
        st.liveLeaseId = uint48(leaseId);
        _lockedWei += msg.value;
        emit LeaseAcquired(runId, leaseId, msg.sender, st.tipId, tip + 1, last, deadline, msg.value);
    }

    /// @inheritdoc ICoordinator
    function expireLease(uint256 leaseId) external {
        Lease storage l = _leases[leaseId];
        if (l.status != Status.Leased) revert LeaseNotLive(leaseId, l.status);
        // INVARIANT: a lease can never be stuck: after its deadline anyone frees the mutex.
        if (block.timestamp <= l.deadline) revert LeaseNotExpired(leaseId, l.deadline);
        _state[l.runId].liveLeaseId = 0;
        // A holder expiring its own lease earns no keeper reward (it would halve its own slash).
        _expire(l, leaseId, msg.sender == l.holder ? _params.treasury : msg.sender);
    }

    /// @dev Marks a lapsed lease Expired and splits its bond: the slashed part between keeper and treasury, the
    ///      rest back to the holder.
    function _expire(Lease storage l, uint256 leaseId, address keeper) internal {
        l.status = Status.Expired;
        uint256 bond = l.bond;
        uint256 slashed = bond * _params.expirySlashBps / BPS;
        uint256 keeperReward = slashed * _params.keeperRewardBps / BPS;
        _credit(l.holder, bond - slashed);
        _credit(keeper, keeperReward);
        _credit(_params.treasury, slashed - keeperReward);
        Cooldown storage cd = _cooldowns[l.runId];
        cd.holder = l.holder;
        cd.until = uint64(block.timestamp) + _params.leaseCooldown;
        if (cd.expiries < MAX_BOND_DOUBLINGS) cd.expiries += 1;
        emit LeaseExpired(l.runId, leaseId, l.holder, keeper, slashed, keeperReward, bond - slashed);
    }

    // ------------------------------------------------------------------ submissions

    /// @inheritdoc ICoordinator
    function submit(
        uint256 runId,
        uint256 leaseId,
        bytes32 stepsRoot,
        bytes32 finalRoot,
        string calldata checkpointCid,
        bytes calldata losses,
        bytes32[] calldata finalProof
    ) external {
        Lease storage l = _leases[leaseId];
        _checkSubmission(l, runId, leaseId, losses.length);
        _checkCommitment(
            l, runId, leaseId, stepsRoot, finalRoot, bytes(checkpointCid).length, losses, finalProof
        );
        uint64 challengeDeadline = uint64(block.timestamp) + _runs[runId].challengeWindow;
        l.status = Status.Pending;
        l.deadline = uint40(challengeDeadline);
        l.stepsRoot = stepsRoot;

        RunState storage st = _state[runId];
        st.tipStep = l.lastStep;
        st.tipId = uint48(leaseId);
        st.liveLeaseId = 0;
        _chainAt[runId][l.firstStep] = leaseId;
        if (_cooldowns[runId].expiries != 0) _cooldowns[runId].expiries = 0;
        _emitSubmitted(l, runId, leaseId, finalRoot, checkpointCid, losses, challengeDeadline);
    }

    function _checkSubmission(Lease storage l, uint256 runId, uint256 leaseId, uint256 lossesBytes)
        internal
        view
    {
        Status status = l.status;
        if (status == Status.None) revert LeaseNotFound(leaseId);
        if (l.runId != runId) revert RunMismatch(leaseId, runId, l.runId);
        if (msg.sender != l.holder) revert NotLeaseHolder(leaseId, msg.sender, l.holder);
        // INVARIANT: a lease is submitted at most once, and only while it holds the mutex.
        if (status != Status.Leased) revert LeaseNotLive(leaseId, status);
        if (block.timestamp > l.deadline) revert LeaseDeadlinePassed(leaseId, l.deadline);
        uint256 expectedBytes = 4 * (uint256(l.lastStep) - l.firstStep + 1);
        if (lossesBytes != expectedBytes) revert WrongLossesLength(lossesBytes, expectedBytes);
    }

    /// @dev Every commitment must be disputable step by step: non-zero roots, a CID to fetch, and a final root
    ///      that is the stateRoot of the tree's last leaf (so a lease built on it starts where the proofs say).
    function _checkCommitment(
        Lease storage l,
        uint256 runId,
        uint256 leaseId,
        bytes32 stepsRoot,
        bytes32 finalRoot,
        uint256 cidBytes,
        bytes calldata losses,
        bytes32[] calldata finalProof
    ) internal view {
        if (stepsRoot == bytes32(0)) revert ZeroRoot("stepsRoot");
        if (finalRoot == bytes32(0)) revert ZeroRoot("finalRoot");
        if (cidBytes == 0 || cidBytes > MAX_CID_BYTES) revert InvalidCid(cidBytes, MAX_CID_BYTES);
        uint32 lastLoss = uint32(bytes4(losses[losses.length - 4:]));
        uint64 first = l.firstStep;
        uint64 last = l.lastStep;
        // INVARIANT: the last leaf of the positional steps tree is (lastStep, finalRoot, last loss).
        if (!StepRecords.verify(finalProof, stepsRoot, runId, last, finalRoot, lastLoss, first, last)) {
            revert FinalRootMismatch(leaseId, finalRoot);
        }
    }

    function _emitSubmitted(
        Lease storage l,
        uint256 runId,
        uint256 leaseId,
        bytes32 finalRoot,
        string calldata checkpointCid,
        bytes calldata losses,
        uint64 challengeDeadline
    ) internal {
        emit Submitted(
            runId,
            leaseId,
            msg.sender,
            l.parentId,
            l.firstStep,
            l.lastStep,
            l.stepsRoot,
            finalRoot,
            checkpointCid,
            losses,
            challengeDeadline
        );
    }

    /// @inheritdoc ICoordinator
    function finalize(uint256 submissionId) external nonReentrant {
        Lease storage s = _leases[submissionId];
        if (s.status != Status.Pending) revert NotPending(submissionId, s.status);
        if (block.timestamp <= s.deadline) revert ChallengeWindowOpen(submissionId, s.deadline);
        if (s.openDisputes != 0) revert DisputesOpen(submissionId, s.openDisputes);
        // INVARIANT: a dispute committed inside the window can still be revealed: it holds finalization.
        if (s.pendingCommits != 0) revert DisputeCommitsPending(submissionId, s.pendingCommits);
        uint256 parentId = s.parentId;
        // INVARIANT: finalized steps are contiguous from 0: a submission finalizes only on a final parent.
        if (parentId != 0 && _leases[parentId].status != Status.Final) {
            revert ParentNotFinal(submissionId, parentId, _leases[parentId].status);
        }
        s.status = Status.Final;
        uint256 runId = s.runId;
        _state[runId].finalizedStep = s.lastStep;
        uint256 bond = s.bond;
        _credit(s.holder, bond);
        uint256 reward = uint256(_runs[runId].rewardPerStep) * (uint256(s.lastStep) - s.firstStep + 1);
        if (reward != 0) rewardsOwed[s.holder] += reward;
        emit Finalized(runId, submissionId, s.holder, s.lastStep, bond, reward);
    }

    /// @inheritdoc ICoordinator
    function claimRewards() external nonReentrant returns (uint256 amount) {
        amount = rewardsOwed[msg.sender];
        if (amount == 0) revert NothingToClaim(msg.sender);
        rewardsOwed[msg.sender] = 0;
        token.mint(msg.sender, amount);
        emit RewardsClaimed(msg.sender, amount);
    }

    /// @inheritdoc ICoordinator
    function reclaimOrphaned(uint256 submissionId) external {
        Lease storage s = _leases[submissionId];
        if (s.status != Status.Pending) revert NotPending(submissionId, s.status);
        Status parentStatus = _leases[s.parentId].status;
        if (s.parentId == 0 || (parentStatus != Status.Invalid && parentStatus != Status.Orphaned)) {
            revert ParentNotDead(submissionId, s.parentId, parentStatus);
        }
        // INVARIANT: a bond under an open dispute stays locked until the court rules.
        if (s.openDisputes != 0) revert DisputesOpen(submissionId, s.openDisputes);
        if (s.pendingCommits != 0) revert DisputeCommitsPending(submissionId, s.pendingCommits);
        s.status = Status.Orphaned;
        uint256 bond = s.bond;
        _credit(s.holder, bond);
        emit Orphaned(s.runId, submissionId, s.holder, bond);
    }

    // ------------------------------------------------------------------ disputes

    /// @inheritdoc ICoordinator
    function openDispute(uint256 submissionId, DisputeClaim calldata claim)
        external
        payable
        returns (uint256 disputeId)
    {
        Lease storage s = _leases[submissionId];
        uint256 bond = _checkDisputable(s, submissionId);
        _lockedWei += bond;
        // A dispute opened in the clear takes its opening order now.
        disputeId = _openDispute(s, submissionId, claim, bond, ++commitCount);
    }

    /// @inheritdoc ICoordinator
    function commitDispute(uint256 submissionId, bytes32 commitment)
        external
        payable
        returns (uint256 commitId)
    {
        Lease storage s = _leases[submissionId];
        uint256 bond = _checkDisputable(s, submissionId);
        if (commitment == bytes32(0)) revert ZeroCommitment();
        if (s.pendingCommits == type(uint16).max) revert TooManyDisputes(submissionId);
        commitId = ++commitCount;
        DisputeCommit storage c = _commits[commitId];
        c.challenger = msg.sender;
        c.bond = uint96(bond);
        c.commitment = commitment;
        c.submissionId = uint48(submissionId);
        c.committedAtBlock = uint64(block.number);
        s.pendingCommits += 1;
        _lockedWei += bond;
        emit DisputeCommitted(
            s.runId,
            submissionId,
            commitId,
            msg.sender,
            bond,
            uint64(block.number) + DISPUTE_REVEAL_DELAY_BLOCKS,
            uint64(block.number) + DISPUTE_REVEAL_WINDOW_BLOCKS
        );
    }

    /// @inheritdoc ICoordinator
    function revealDispute(uint256 commitId, DisputeClaim calldata claim, bytes32 salt)
        external
        returns (uint256 disputeId)
    {
        DisputeCommit storage c = _commits[commitId];
        address challenger = c.challenger;
        if (challenger == address(0)) revert CommitNotFound(commitId);
        if (msg.sender != challenger) revert NotCommitter(commitId, msg.sender, challenger);
        uint64 at = c.committedAtBlock;
        if (
            block.number < at + DISPUTE_REVEAL_DELAY_BLOCKS
                || block.number > at + DISPUTE_REVEAL_WINDOW_BLOCKS
        ) {
            revert NotRevealWindow(
                commitId, at + DISPUTE_REVEAL_DELAY_BLOCKS, at + DISPUTE_REVEAL_WINDOW_BLOCKS
            );
        }
        uint256 submissionId = c.submissionId;
        // The commitment binds the submission, the claim, the challenger and a salt. The step and the claimed
        // values are the claim: the records and proofs are fixed by the step (the tree is positional).
        bytes32 expected = keccak256(
            abi.encode(submissionId, msg.sender, salt, claim.step, claim.claimedRoot, claim.claimedLossBits)
        );
        if (expected != c.commitment) {
            revert CommitmentMismatch(commitId);
        }
        uint256 bond = c.bond;
        delete _commits[commitId];
        Lease storage s = _leases[submissionId];
        // The submission is Pending or, if another dispute proved it wrong meanwhile, Invalid: a commit holds
        // finalization and orphan reclaims, and the reveal is still judged so the first finder can be paid.
        s.pendingCommits -= 1;
        disputeId = _openDispute(s, submissionId, claim, bond, commitId);
        emit DisputeCommitRevealed(commitId, disputeId);
    }

    /// @inheritdoc ICoordinator
    function expireDisputeCommit(uint256 commitId) external {
        DisputeCommit storage c = _commits[commitId];
        address challenger = c.challenger;
        if (challenger == address(0)) revert CommitNotFound(commitId);
        uint64 until = c.committedAtBlock + DISPUTE_REVEAL_WINDOW_BLOCKS;
        if (block.number <= until) revert CommitNotExpired(commitId, until);
        uint256 submissionId = c.submissionId;
        uint256 bond = c.bond;
        delete _commits[commitId];
        Lease storage s = _leases[submissionId];
        s.pendingCommits -= 1;
        _credit(_params.treasury, bond);
        emit DisputeCommitExpired(submissionId, commitId, challenger, bond);
        _payHeldShare(s, submissionId);
    }

    /// @dev What commitDispute and openDispute require of the submission; returns the challenger bond.
    function _checkDisputable(Lease storage s, uint256 submissionId) internal view returns (uint256 bond) {
        if (address(court) == address(0)) revert CourtNotSet();
        if (s.status != Status.Pending) revert NotPending(submissionId, s.status);
        if (block.timestamp > s.deadline) revert ChallengeWindowClosed(submissionId, s.deadline);
        bond = _runs[s.runId].challengerBond;
        if (msg.value != bond) revert WrongBond(msg.value, bond);
    }

    function _openDispute(
        Lease storage s,
        uint256 submissionId,
        DisputeClaim calldata claim,
        uint256 bond,
        uint256 order
    ) internal returns (uint256 disputeId) {
        uint256 runId = s.runId;
        uint64 step = claim.step;
        if (step != 0) _checkStepClaim(s, runId, claim);
        if (s.openDisputes == type(uint16).max) revert TooManyDisputes(submissionId);

        disputeId = ++disputeCount;
        Dispute storage d = _disputes[disputeId];
        d.submissionId = uint48(submissionId);
        d.step = uint40(step);
        d.status = DisputeStatus.Open;
        d.challenger = msg.sender;
        d.bond = uint96(bond);
        d.challengerRewardBps = _params.challengerRewardBps;
        d.workerRewardBps = _params.workerRewardBps;
        d.noVerdictFeeBps = _params.noVerdictFeeBps;
        d.order = uint48(order);
        s.openDisputes += 1;
        court.openCase(disputeId);
        _emitDisputeOpened(runId, submissionId, disputeId, claim, bond);
    }

    function _emitDisputeOpened(
        uint256 runId,
        uint256 submissionId,
        uint256 disputeId,
        DisputeClaim calldata claim,
        uint256 bond
    ) internal {
        bool whole = claim.step == 0;
        emit DisputeOpened(
            runId,
            submissionId,
            disputeId,
            msg.sender,
            claim.step,
            whole ? bytes32(0) : claim.record.stateRoot,
            whole ? 0 : claim.record.lossBits,
            claim.claimedRoot,
            claim.claimedLossBits,
            bond
        );
    }

    function _checkStepClaim(Lease storage s, uint256 runId, DisputeClaim calldata claim) internal view {
        uint64 step = claim.step;
        uint64 first = s.firstStep;
        if (step < first || step > s.lastStep) revert StepOutOfRange(step, first, s.lastStep);
        bytes32 stepsRoot = s.stepsRoot;
        uint64 prevStep = step - 1;
        uint64 last = s.lastStep;
        if (step != first) {
            if (!StepRecords.verify(
                    claim.prevProof,
                    stepsRoot,
                    runId,
                    prevStep,
                    claim.prev.stateRoot,
                    claim.prev.lossBits,
                    first,
                    last
                )) {
                revert InvalidProof(prevStep);
            }
        } else if (s.parentId == 0) {
            // The run's first lease starts from the genesis state.
            bytes32 genesis = _runs[runId].genesisRoot;
            if (claim.prev.stateRoot != genesis) {
                revert PreviousRootMismatch(step, claim.prev.stateRoot, genesis);
            }
        } else if (!_verifyParentLast(_leases[s.parentId], runId, prevStep, claim)) {
            // The lease starts from the parent's last record, proved against the parent's stepsRoot.
            revert InvalidProof(prevStep);
        }
        if (!StepRecords.verify(
                claim.proof,
                stepsRoot,
                runId,
                step,
                claim.record.stateRoot,
                claim.record.lossBits,
                first,
                last
            )) {
            revert InvalidProof(step);
        }
        if (claim.claimedRoot == claim.record.stateRoot && claim.claimedLossBits == claim.record.lossBits) {
            revert ClaimMatchesRecord(step, claim.claimedRoot, claim.claimedLossBits);
        }
    }

    function _verifyParentLast(Lease storage p, uint256 runId, uint64 prevStep, DisputeClaim calldata claim)
        internal
        view
        returns (bool)
    {
        return StepRecords.verify(
            claim.prevProof,
            p.stepsRoot,
            runId,
            prevStep,
            claim.prev.stateRoot,
            claim.prev.lossBits,
            p.firstStep,
            p.lastStep
        );
    }

    /// @inheritdoc ICoordinator
    function onVerdict(uint256 disputeId, DisputeStatus outcome, bool votersToPay)
        external
        onlyCourt
        returns (uint256 votersPool)
    {
        Dispute storage d = _disputes[disputeId];
        if (d.status != DisputeStatus.Open) revert DisputeNotOpen(disputeId, d.status);
        uint256 submissionId = d.submissionId;
        Lease storage s = _leases[submissionId];
        s.openDisputes -= 1;
        d.status = outcome;

        uint256 challengerBond = d.bond;
        uint256 challengerCredit;
        uint256 workerCredit;
        uint256 rest;
        if (outcome == DisputeStatus.Fraud) {
            challengerCredit = challengerBond;
            rest = _onFraud(s, d, submissionId, disputeId);
        } else if (outcome == DisputeStatus.Honest) {
            // A worker already ruled fraudulent on this submission earns nothing from a mistaken challenger.
            workerCredit = s.status == Status.Invalid ? 0 : challengerBond * d.workerRewardBps / BPS;
            rest = challengerBond - workerCredit;
        } else {
            // INVARIANT: only a verdict closes a dispute; a round without one never accepts the submission.
            revert DisputeNotOpen(disputeId, outcome);
        }
        _credit(d.challenger, challengerCredit);
        _credit(s.holder, workerCredit);
        uint256 treasuryCredit;
        if (votersToPay) {
            // The pool stays locked until payVoter credits it.
            votersPool = rest;
            votersPoolWei[disputeId] = rest;
        } else {
            treasuryCredit = rest;
            _credit(_params.treasury, rest);
        }
        emit DisputeResolved(
            s.runId,
            submissionId,
            disputeId,
            outcome,
            challengerCredit,
            workerCredit,
            votersPool,
            treasuryCredit
        );
        _payHeldShare(s, submissionId);
    }

    /// @dev A Fraud verdict: the first invalidates at once (the run must not build on it) and holds the
    ///      challenger share, since a dispute that opened earlier and is still being judged may prove the same
    ///      fraud; later ones only move the share to themselves if they opened earlier. Returns the rest of the
    ///      worker's bond, for the voters (0 after the first).
    function _onFraud(Lease storage s, Dispute storage d, uint256 submissionId, uint256 disputeId)
        internal
        returns (uint256 rest)
    {
        HeldShare storage h = _heldShares[submissionId];
        if (s.status == Status.Pending) {
            s.status = Status.Invalid;
            uint256 workerBond = s.bond;
            uint256 share = workerBond * d.challengerRewardBps / BPS;
            rest = workerBond - share;
            // The record's bond is now what stays locked of it: the held share.
            s.bond = uint96(share);
            h.disputeId = uint48(disputeId);
            h.order = d.order;
            _rollback(s, submissionId, disputeId);
        } else if (d.order < h.order) {
            // INVARIANT: the share goes to the proven dispute that opened first, whatever the verdicts' order.
            h.disputeId = uint48(disputeId);
            h.order = d.order;
        }
    }

    /// @dev Pays an invalid submission's held challenger share once nothing on it can still be proven: no open
    ///      dispute and no unrevealed commit (new ones are refused once it is Invalid, so this happens).
    function _payHeldShare(Lease storage s, uint256 submissionId) internal {
        if (s.status != Status.Invalid || s.openDisputes != 0 || s.pendingCommits != 0) return;
        uint256 amount = s.bond;
        if (amount == 0) return;
        s.bond = 0;
        HeldShare storage h = _heldShares[submissionId];
        address winner = _disputes[h.disputeId].challenger;
        _credit(winner, amount);
        emit ChallengerSharePaid(s.runId, submissionId, h.disputeId, winner, amount);
    }

    /// @inheritdoc ICoordinator
    function onUndecided(uint256 disputeId) external onlyCourt returns (uint256 feeWei) {
        Dispute storage d = _disputes[disputeId];
        if (d.status != DisputeStatus.Open) revert DisputeNotOpen(disputeId, d.status);
        uint256 bond = d.bond;
        feeWei = bond * d.noVerdictFeeBps / BPS;
        d.bond = uint96(bond - feeWei);
        d.rounds += 1;
        _credit(_params.treasury, feeWei);
        emit DisputeRoundUndecided(d.submissionId, disputeId, d.rounds, feeWei, bond - feeWei);
    }

    /// @dev Rolls the run back past an invalid submission if it is on the live chain, cancelling the live lease
    ///      (which necessarily builds on it). O(1) whatever the number of descendants.
    function _rollback(Lease storage s, uint256 submissionId, uint256 disputeId) internal {
        uint256 runId = s.runId;
        RunState storage st = _state[runId];
        uint40 first = s.firstStep;
        if (_chainAt[runId][first] == submissionId && first <= st.tipStep) {
            st.tipStep = first - 1;
            st.tipId = s.parentId;
            uint256 liveId = st.liveLeaseId;
            if (liveId != 0) {
                Lease storage live = _leases[liveId];
                st.liveLeaseId = 0;
                if (block.timestamp > live.deadline) {
                    // A lease that had already lapsed is expired, not refunded: a rollback is no escape.
                    _expire(live, liveId, _params.treasury);
                } else {
                    live.status = Status.Cancelled;
                    uint256 bond = live.bond;
                    _credit(live.holder, bond);
                    emit LeaseCancelled(runId, liveId, live.holder, bond);
                }
            }
        }
        emit Invalidated(runId, submissionId, disputeId, st.tipStep, st.tipId);
    }

    /// @inheritdoc ICoordinator
    function payVoter(uint256 disputeId, address voter, uint256 amountWei) external onlyCourt {
        uint256 remaining = votersPoolWei[disputeId];
        if (amountWei > remaining) revert VoterPoolExceeded(disputeId, amountWei, remaining);
        votersPoolWei[disputeId] = remaining - amountWei;
        _credit(voter, amountWei);
        emit VoterPaid(disputeId, voter, amountWei);
    }

    // ------------------------------------------------------------------ payments

    /// @inheritdoc ICoordinator
    function withdraw() external nonReentrant returns (uint256 amountWei) {
        amountWei = credits[msg.sender];
        if (amountWei == 0) revert NothingToWithdraw(msg.sender);
        credits[msg.sender] = 0;
        totalCreditsWei -= amountWei;
        emit Withdrawn(msg.sender, amountWei);
        (bool ok,) = msg.sender.call{value: amountWei}("");
        if (!ok) revert TransferFailed(msg.sender, amountWei);
    }

    /// @inheritdoc ICoordinator
    function sweepExcess() external onlyRole(DEFAULT_ADMIN_ROLE) returns (uint256 amountWei) {
        amountWei = excessWei();
        if (amountWei == 0) revert NoExcess();
        // Credited without touching _lockedWei: the excess was never locked.
        credits[_params.treasury] += amountWei;
        totalCreditsWei += amountWei;
        emit Credited(_params.treasury, amountWei);
        emit ExcessSwept(_params.treasury, amountWei);
    }

    /// @dev Moves locked value to an account's credits.
    function _credit(address account, uint256 amountWei) internal {
        if (amountWei == 0) return;
        _lockedWei -= amountWei;
        credits[account] += amountWei;
        totalCreditsWei += amountWei;
        emit Credited(account, amountWei);
    }

    // ------------------------------------------------------------------ views

    function runConfig(uint256 runId) external view returns (RunConfig memory) {
        return _runs[runId];
    }

    function runState(uint256 runId) external view returns (RunState memory) {
        return _state[runId];
    }

    function lease(uint256 leaseId) external view returns (Lease memory) {
        return _leases[leaseId];
    }

    function dispute(uint256 disputeId) external view returns (Dispute memory) {
        return _disputes[disputeId];
    }

    function lockedWei() external view returns (uint256) {
        return _lockedWei;
    }

    function disputeCommit(uint256 commitId) external view returns (DisputeCommit memory) {
        return _commits[commitId];
    }

    function excessWei() public view returns (uint256) {
        return address(this).balance - totalCreditsWei - _lockedWei;
    }

    function leaseBondWei(uint256 runId) external view returns (uint256) {
        return _leaseBond(_runs[runId].workerBond, _cooldowns[runId].expiries);
    }

    /// @dev Capped so that it always fits the lease's uint96 bond.
    function _leaseBond(uint96 workerBond, uint8 expiries) internal pure returns (uint256 bond) {
        bond = uint256(workerBond) << expiries;
        if (bond > type(uint96).max) bond = type(uint96).max;
    }

    function leaseCooldownOf(uint256 runId) external view returns (address holder, uint64 until) {
        Cooldown storage cd = _cooldowns[runId];
        return (cd.holder, cd.until);
    }

    function params() external view returns (Params memory) {
        return _params;
    }

    function stepLeaf(uint256 runId, uint64 step, bytes32 stateRoot, uint32 lossBits)
        external
        pure
        returns (bytes32)
    {
        return StepRecords.leaf(runId, step, stateRoot, lossBits);
    }
}
