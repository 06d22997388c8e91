// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ICoordinator} from "./interfaces/ICoordinator.sol";
import {IDisputeCourt} from "./interfaces/IDisputeCourt.sol";
import {IDissectionGame} from "./interfaces/IDissectionGame.sol";

/// @title DisputeCourt
/// @notice A court of staked validators. See IDisputeCourt for the rules.
/// @dev Token accounting: the court's token balance equals the sum of active and unbonding stakes, plus the
///      treasury's tokens and the penalties collected for majorities but not yet paid, minus penalties already
///      paid to majorities but not yet collected from minorities (collection is guaranteed by `reserved`).
contract DisputeCourt is IDisputeCourt, AccessControl, ReentrancyGuard {
    using Checkpoints for Checkpoints.Trace208;
    using SafeERC20 for IERC20;

    bytes32 public constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");
    uint256 internal constant BPS = 10_000;
    /// @notice Round r's commit and reveal windows are 2^min(r, MAX_ESCALATION) times round 0's.
    uint256 public constant MAX_ESCALATION = 4;

    IERC20 public immutable token;
    ICoordinator public immutable coordinator;

    CourtParams internal _params;
    uint256 public treasuryTokens;

    mapping(address account => Validator) internal _validators;
    mapping(address account => Checkpoints.Trace208) internal _stakeHistory;
    Checkpoints.Trace208 internal _totalHistory;
    mapping(uint256 disputeId => Case) internal _cases;
    mapping(uint256 disputeId => mapping(uint256 round => mapping(address voter => Ballot))) internal
        _ballots;
    mapping(uint256 disputeId => mapping(uint256 round => uint48)) internal _roundSnapshots;
    mapping(uint256 disputeId => mapping(uint256 round => mapping(address validator => bool))) internal
        _absencePenalized;
    IDissectionGame public game;
    /// @notice GAME_CLAIMED while the game decides a case, GAME_SETTLED once its result closed it (back to
    ///         GAME_NONE when the game handed it back to the vote).
    mapping(uint256 disputeId => uint8) public gameState;
    uint8 internal constant GAME_NONE = 0;
    uint8 internal constant GAME_CLAIMED = 1;
    uint8 internal constant GAME_SETTLED = 2;

    constructor(address admin, IERC20 token_, ICoordinator coordinator_, CourtParams memory params_) {
        token = token_;
        coordinator = coordinator_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PARAMETER_ROLE, admin);
        _setParams(params_);
    }

    function setParams(CourtParams calldata params_) external onlyRole(PARAMETER_ROLE) {
        _setParams(params_);
    }

    function _setParams(CourtParams memory p) internal {
        if (p.commitDuration == 0) revert InvalidCourtParams("commitDuration");
        if (p.revealDuration == 0) revert InvalidCourtParams("revealDuration");
        // INVARIANT: nobody can unbond out of a dispute it could be judged in.
        if (p.unbondingDelay <= uint256(p.commitDuration) + p.revealDuration) {
            revert InvalidCourtParams("unbondingDelay");
        }
        if (p.quorumBps > BPS) revert InvalidCourtParams("quorumBps");
        if (p.penaltyBps > BPS) revert InvalidCourtParams("penaltyBps");
        if (p.abstainPenaltyBps > BPS) revert InvalidCourtParams("abstainPenaltyBps");
        if (p.treasury == address(0)) revert InvalidCourtParams("treasury");
        _params = p;
        emit CourtParamsUpdated(p);
    }

    /// @inheritdoc IDisputeCourt
    function setGame(address game_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(game) != address(0)) revert GameAlreadySet(address(game));
        game = IDissectionGame(game_);
    }

    // ------------------------------------------------------------------ staking

    /// @inheritdoc IDisputeCourt
    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        token.safeTransferFrom(msg.sender, address(this), amount);
        Validator storage v = _validators[msg.sender];
        v.stake += SafeCast.toUint112(amount);
        _writeStake(msg.sender, v.stake, _totalHistory.latest() + amount);
        emit Staked(msg.sender, amount, v.stake);
    }

    /// @inheritdoc IDisputeCourt
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Validator storage v = _validators[msg.sender];
        if (amount > v.stake) revert InsufficientStake(msg.sender, amount, v.stake);
        v.stake -= uint112(amount);
        v.unbonding += uint112(amount);
        v.releaseAt = uint64(block.timestamp) + _params.unbondingDelay;
        _writeStake(msg.sender, v.stake, _totalHistory.latest() - amount);
        emit UnstakeRequested(msg.sender, amount, v.stake, v.releaseAt);
    }

    /// @inheritdoc IDisputeCourt
    function withdrawUnstaked() external nonReentrant returns (uint256 amount) {
        Validator storage v = _validators[msg.sender];
        if (v.unbonding == 0) revert ZeroAmount();
        if (block.timestamp < v.releaseAt) revert StillUnbonding(msg.sender, v.releaseAt);
        // Unbonding tokens stay behind as long as reserved penalties exceed the active stake.
        uint256 mustKeep = v.reserved > v.stake ? v.reserved - v.stake : 0;
        if (mustKeep >= v.unbonding) revert SettlementsPending(msg.sender, v.pendingSettlements);
        amount = v.unbonding - mustKeep;
        v.unbonding = uint112(mustKeep);
        token.safeTransfer(msg.sender, amount);
        emit UnstakeWithdrawn(msg.sender, amount);
    }

    function _writeStake(address account, uint256 newStake, uint256 newTotal) internal {
        uint48 key = SafeCast.toUint48(block.number);
        _stakeHistory[account].push(key, SafeCast.toUint208(newStake));
        _totalHistory.push(key, SafeCast.toUint208(newTotal));
    }

    // ------------------------------------------------------------------ cases

    /// @inheritdoc IDisputeCourt
    function openCase(uint256 disputeId) external {
        if (msg.sender != address(coordinator)) revert NotCoordinator(msg.sender);
        Case storage c = _cases[disputeId];
        if (c.commitEnd != 0) revert CaseExists(disputeId);
        // Parameters are fixed per case when it opens: a later setParams affects only new cases.
        CourtParams storage p = _params;
        c.commitDuration = p.commitDuration;
        c.revealDuration = p.revealDuration;
        c.quorumBps = p.quorumBps;
        c.penaltyBps = p.penaltyBps;
        c.abstainPenaltyBps = p.abstainPenaltyBps;
        (uint48 snapshot, uint256 total) = _startRound(c, disputeId);
        emit CaseOpened(disputeId, snapshot, total, c.commitEnd, c.revealEnd);
    }

    /// @dev Starts round c.round: snapshot, windows, empty tallies.
    function _startRound(Case storage c, uint256 disputeId)
        internal
        returns (uint48 snapshot, uint256 total)
    {
        // Voting power is the stake of the block before the round: no flash staking into a round.
        snapshot = SafeCast.toUint48(block.number - 1);
        uint256 shift = c.round < MAX_ESCALATION ? c.round : MAX_ESCALATION;
        uint40 commitEnd = uint40(block.timestamp + (uint256(c.commitDuration) << shift));
        c.snapshotBlock = snapshot;
        c.commitEnd = commitEnd;
        c.revealEnd = uint40(commitEnd + (uint256(c.revealDuration) << shift));
        total = _totalHistory.upperLookupRecent(snapshot);
        c.totalWeight = SafeCast.toUint128(total);
        c.committedPenalty = 0;
        c.fraudWeight = 0;
        c.honestWeight = 0;
        c.fraudPenalty = 0;
        c.honestPenalty = 0;
        c.fraudVoters = 0;
        c.honestVoters = 0;
        _roundSnapshots[disputeId][c.round] = snapshot;
    }

    /// @inheritdoc IDisputeCourt
    function commitVote(uint256 disputeId, bytes32 commitment) external {
        Case storage c = _existingCase(disputeId);
        if (gameState[disputeId] != GAME_NONE) revert GameDecides(disputeId);
        if (block.timestamp > c.commitEnd) revert CommitPhaseOver(disputeId, c.commitEnd);
        if (commitment == bytes32(0)) revert InvalidVote();
        Ballot storage b = _ballots[disputeId][c.round][msg.sender];
        if (b.commitment != bytes32(0)) revert AlreadyCommitted(disputeId, msg.sender);
        uint256 weight = _stakeHistory[msg.sender].upperLookupRecent(c.snapshotBlock);
        if (weight == 0) revert NoVotingPower(disputeId, msg.sender, c.snapshotBlock);

        // INVARIANT: every penalty a vote can incur is reserved up front, so settlement always collects it.
        // Voting power never runs out with the number of open cases: once a validator's stake is fully reserved
        // its further votes keep their full weight and risk what is left (possibly nothing), so decoy disputes
        // cannot keep it from voting on the real one; what it can lose across all cases is its whole stake.
        uint256 penalty = weight * c.penaltyBps / BPS;
        Validator storage v = _validators[msg.sender];
        uint256 free = uint256(v.stake) + v.unbonding - v.reserved;
        if (penalty > free) penalty = free;
        v.reserved += uint112(penalty);
        v.pendingSettlements += 1;

        b.commitment = commitment;
        b.weight = uint112(weight);
        b.penalty = uint112(penalty);
        c.committedPenalty += uint128(penalty);
        emit VoteCommitted(disputeId, msg.sender, weight);
    }

    /// @inheritdoc IDisputeCourt
    function revealVote(uint256 disputeId, Vote vote, bytes32 salt) external {
        Case storage c = _existingCase(disputeId);
        if (block.timestamp <= c.commitEnd || block.timestamp > c.revealEnd) {
            revert NotRevealPhase(disputeId, c.commitEnd, c.revealEnd);
        }
        Ballot storage b = _ballots[disputeId][c.round][msg.sender];
        if (b.commitment == bytes32(0)) revert NotCommitted(disputeId, msg.sender);
        if (b.vote != Vote.None) revert AlreadyRevealed(disputeId, msg.sender);
        if (vote == Vote.None) revert InvalidVote();
        if (commitmentOf(disputeId, msg.sender, vote, salt) != b.commitment) {
            revert CommitmentMismatch(disputeId, msg.sender);
        }
        b.vote = vote;
        uint128 weight = b.weight;
        uint128 penalty = b.penalty;
        if (vote == Vote.Fraud) {
            c.fraudWeight += weight;
            c.fraudPenalty += penalty;
            c.fraudVoters += 1;
        } else {
            c.honestWeight += weight;
            c.honestPenalty += penalty;
            c.honestVoters += 1;
        }
        emit VoteRevealed(disputeId, msg.sender, vote, weight);
    }

    /// @inheritdoc IDisputeCourt
    function resolve(uint256 disputeId) external nonReentrant returns (ICoordinator.DisputeStatus outcome) {
        Case storage c = _existingCase(disputeId);
        if (c.resolved) revert AlreadyResolved(disputeId);
        if (gameState[disputeId] != GAME_NONE) revert GameDecides(disputeId);
        // INVARIANT: every case resolves in bounded time: anyone may resolve once the reveal phase ends.
        if (block.timestamp <= c.revealEnd) revert RevealPhaseNotOver(disputeId, c.revealEnd);
        uint256 revealed = c.fraudWeight + c.honestWeight;
        bool quorum = revealed != 0 && revealed * BPS >= uint256(c.quorumBps) * c.totalWeight;
        // INVARIANT: no quorum or a tie in stake is no verdict: another round, never acceptance.
        if (!quorum || c.fraudWeight == c.honestWeight) {
            _undecided(c, disputeId);
            return ICoordinator.DisputeStatus.Open;
        }
        uint256 unrevealedPenalty = uint256(c.committedPenalty) - c.fraudPenalty - c.honestPenalty;
        uint256 pool = unrevealedPenalty;
        uint24 majority;
        if (c.fraudWeight > c.honestWeight) {
            outcome = ICoordinator.DisputeStatus.Fraud;
            majority = c.fraudVoters;
            pool += c.honestPenalty;
        } else {
            outcome = ICoordinator.DisputeStatus.Honest;
            majority = c.honestVoters;
            pool += c.fraudPenalty;
        }
        c.resolved = true;
        c.outcome = outcome;
        c.majorityCount = majority;
        c.tokenPool = uint128(pool);
        if (majority == 0) treasuryTokens += pool;
        uint256 votersPool = coordinator.onVerdict(disputeId, outcome, majority != 0);
        c.votersPoolWei = SafeCast.toUint128(votersPool);
        emit CaseResolved(
            disputeId,
            outcome,
            c.fraudWeight,
            c.honestWeight,
            unrevealedPenalty,
            c.totalWeight,
            pool,
            votersPool
        );
    }

    /// @inheritdoc IDisputeCourt
    function claimForGame(uint256 disputeId) external {
        if (msg.sender != address(game)) revert NotGame(msg.sender);
        Case storage c = _existingCase(disputeId);
        // INVARIANT: the game takes a case only before any vote of it could be revealed, so never after a verdict.
        if (c.round != 0 || block.timestamp > c.commitEnd || gameState[disputeId] != GAME_NONE) {
            revert NotClaimable(disputeId);
        }
        gameState[disputeId] = GAME_CLAIMED;
    }

    /// @inheritdoc IDisputeCourt
    function resolveByGame(uint256 disputeId)
        external
        nonReentrant
        returns (ICoordinator.DisputeStatus outcome)
    {
        Case storage c = _existingCase(disputeId);
        if (gameState[disputeId] != GAME_CLAIMED) revert NotClaimable(disputeId);
        (IDissectionGame.Result r, bool isFinal) = game.result(disputeId);
        if (!isFinal) revert GameNotFinal(disputeId);
        if (r == IDissectionGame.Result.Court) {
            // Back to the vote: a fresh round, as if the game had not been played (no fee: nobody failed to vote).
            gameState[disputeId] = GAME_NONE;
            uint32 round = c.round;
            uint256 totalWeight = c.totalWeight;
            c.round = round + 1;
            (uint48 snapshot,) = _startRound(c, disputeId);
            emit RoundUndecided(disputeId, round, 0, 0, totalWeight, snapshot, c.commitEnd, c.revealEnd);
            return ICoordinator.DisputeStatus.Open;
        }
        outcome = r == IDissectionGame.Result.Fraud
            ? ICoordinator.DisputeStatus.Fraud
            : ICoordinator.DisputeStatus.Honest;
        gameState[disputeId] = GAME_SETTLED;
        c.resolved = true;
        c.outcome = outcome;
        coordinator.onVerdict(disputeId, outcome, false);
    }

    /// @dev Ends a round without verdict and starts the next; the coordinator charges the opener.
    function _undecided(Case storage c, uint256 disputeId) internal {
        uint32 round = c.round;
        uint256 fraudWeight = c.fraudWeight;
        uint256 honestWeight = c.honestWeight;
        uint256 totalWeight = c.totalWeight;
        c.round = round + 1;
        (uint48 snapshot,) = _startRound(c, disputeId);
        emit RoundUndecided(
            disputeId, round, fraudWeight, honestWeight, totalWeight, snapshot, c.commitEnd, c.revealEnd
        );
        coordinator.onUndecided(disputeId);
    }

    /// @inheritdoc IDisputeCourt
    function settleRound(uint256 disputeId, uint32 round, address voter) external nonReentrant {
        Case storage c = _existingCase(disputeId);
        // INVARIANT: only rounds that ended without a verdict are settled here; the deciding one by `settle`.
        if (round >= c.round) revert RoundNotOver(disputeId, round, c.round);
        Ballot storage b = _ballots[disputeId][round][voter];
        if (b.commitment == bytes32(0)) revert NotCommitted(disputeId, voter);
        if (b.settled) revert AlreadySettled(disputeId, voter);
        b.settled = true;
        Validator storage v = _validators[voter];
        uint256 reservedPenalty = b.penalty;
        v.reserved -= uint112(reservedPenalty);
        v.pendingSettlements -= 1;
        uint256 penalty;
        if (b.vote == Vote.None) {
            // Committed and never revealed: penalized even though the round decided nothing.
            penalty = reservedPenalty;
            _takeStake(voter, v, penalty);
            treasuryTokens += penalty;
        }
        emit RoundVoterSettled(disputeId, round, voter, penalty);
    }

    /// @inheritdoc IDisputeCourt
    function penalizeAbsent(uint256 disputeId, uint32 round, address validator_)
        external
        nonReentrant
        returns (uint256 amount)
    {
        Case storage c = _existingCase(disputeId);
        // INVARIANT: nobody is penalized for not voting on a case the game took.
        if (gameState[disputeId] != GAME_NONE) revert GameDecides(disputeId);
        if (round > c.round || (round == c.round && !c.resolved)) {
            revert RoundNotOver(disputeId, round, c.round);
        }
        if (_ballots[disputeId][round][validator_].commitment != bytes32(0)) {
            revert NotAbsent(disputeId, round, validator_);
        }
        uint256 weight = _stakeHistory[validator_].upperLookupRecent(_roundSnapshots[disputeId][round]);
        if (weight == 0) revert NotAbsent(disputeId, round, validator_);
        if (_absencePenalized[disputeId][round][validator_]) {
            revert AbsenceAlreadyPenalized(disputeId, round, validator_);
        }
        _absencePenalized[disputeId][round][validator_] = true;
        Validator storage v = _validators[validator_];
        // Reserved stake backs committed votes elsewhere; an abstention takes only what is free.
        uint256 held = uint256(v.stake) + v.unbonding;
        uint256 free = held > v.reserved ? held - v.reserved : 0;
        amount = weight * c.abstainPenaltyBps / BPS;
        if (amount > free) amount = free;
        _takeStake(validator_, v, amount);
        treasuryTokens += amount;
        emit AbsencePenalized(disputeId, round, validator_, amount);
    }

    /// @inheritdoc IDisputeCourt
    function settle(uint256 disputeId, address voter) external nonReentrant {
        Case storage c = _existingCase(disputeId);
        if (!c.resolved) revert NotResolved(disputeId);
        Ballot storage b = _ballots[disputeId][c.round][voter];
        if (b.commitment == bytes32(0)) revert NotCommitted(disputeId, voter);
        if (b.settled) revert AlreadySettled(disputeId, voter);
        b.settled = true;

        Validator storage v = _validators[voter];
        uint256 weight = b.weight;
        uint256 reservedPenalty = b.penalty;
        v.reserved -= uint112(reservedPenalty);
        v.pendingSettlements -= 1;
        if (gameState[disputeId] == GAME_SETTLED) {
            // A vote committed before the game took the case: released, neither rewarded nor penalized.
            emit VoterSettled(disputeId, voter, false, 0, 0, 0);
            return;
        }

        ICoordinator.DisputeStatus outcome = c.outcome;
        bool inMajority = (outcome == ICoordinator.DisputeStatus.Fraud && b.vote == Vote.Fraud)
            || (outcome == ICoordinator.DisputeStatus.Honest && b.vote == Vote.Honest);
        uint256 tokenReward;
        uint256 penalty;
        uint256 ethReward;
        if (inMajority) {
            (tokenReward, ethReward) = _majorityShare(c, outcome, weight);
            if (tokenReward != 0) token.safeTransfer(voter, tokenReward);
            if (ethReward != 0) coordinator.payVoter(disputeId, voter, ethReward);
        } else {
            // Minority and unrevealed votes of the deciding round.
            penalty = reservedPenalty;
            _takeStake(voter, v, penalty);
        }
        emit VoterSettled(disputeId, voter, inMajority, tokenReward, penalty, ethReward);
    }

    /// @dev Pro-rata share of the case's pools; the last majority voter settled takes the remainder, so
    ///      rounding leaves no dust behind.
    function _majorityShare(Case storage c, ICoordinator.DisputeStatus outcome, uint256 weight)
        internal
        returns (uint256 tokenReward, uint256 ethReward)
    {
        uint256 majorityWeight = outcome == ICoordinator.DisputeStatus.Fraud ? c.fraudWeight : c.honestWeight;
        c.majoritySettled += 1;
        if (c.majoritySettled == c.majorityCount) {
            tokenReward = c.tokenPool - c.tokenPoolPaid;
            ethReward = c.votersPoolWei - c.votersPoolPaid;
        } else {
            tokenReward = c.tokenPool * weight / majorityWeight;
            ethReward = c.votersPoolWei * weight / majorityWeight;
        }
        c.tokenPoolPaid += uint128(tokenReward);
        c.votersPoolPaid += uint128(ethReward);
    }

    function _takeStake(address voter, Validator storage v, uint256 amount) internal {
        if (amount == 0) return;
        uint256 fromStake = amount <= v.stake ? amount : v.stake;
        if (fromStake != 0) {
            v.stake -= uint112(fromStake);
            _writeStake(voter, v.stake, _totalHistory.latest() - fromStake);
        }
        v.unbonding -= uint112(amount - fromStake);
    }

    /// @inheritdoc IDisputeCourt
    function withdrawTreasuryTokens() external nonReentrant returns (uint256 amount) {
        amount = treasuryTokens;
        if (amount == 0) revert ZeroAmount();
        treasuryTokens = 0;
        address treasury = _params.treasury;
        token.safeTransfer(treasury, amount);
        emit TreasuryTokensWithdrawn(treasury, amount);
    }

    function _existingCase(uint256 disputeId) internal view returns (Case storage c) {
        c = _cases[disputeId];
        if (c.commitEnd == 0) revert CaseNotFound(disputeId);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IDisputeCourt
    function commitmentOf(uint256 disputeId, address voter, Vote vote, bytes32 salt)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(disputeId, voter, vote, salt));
    }

    function validator(address account) external view returns (Validator memory) {
        return _validators[account];
    }

    function getCase(uint256 disputeId) external view returns (Case memory) {
        return _cases[disputeId];
    }

    function ballot(uint256 disputeId, address voter) external view returns (Ballot memory) {
        return _ballots[disputeId][_cases[disputeId].round][voter];
    }

    function ballotAt(uint256 disputeId, uint32 round, address voter) external view returns (Ballot memory) {
        return _ballots[disputeId][round][voter];
    }

    function roundSnapshotBlock(uint256 disputeId, uint32 round) external view returns (uint48) {
        return _roundSnapshots[disputeId][round];
    }

    function stakeAt(address account, uint48 blockNumber) external view returns (uint256) {
        return _stakeHistory[account].upperLookupRecent(blockNumber);
    }

    function totalStakeAt(uint48 blockNumber) external view returns (uint256) {
        return _totalHistory.upperLookupRecent(blockNumber);
    }

    function totalStake() external view returns (uint256) {
        return _totalHistory.latest();
    }

    function courtParams() external view returns (CourtParams memory) {
        return _params;
    }
}
