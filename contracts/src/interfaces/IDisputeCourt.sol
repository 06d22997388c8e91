// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICoordinator} from "./ICoordinator.sol";

/// @title IDisputeCourt
/// @notice Validators stake the reward token, then judge disputes by commit-reveal vote weighted by the stake
///         they had in the block before the dispute opened (OpenZeppelin Checkpoints).
/// @dev Verdict: strict stake majority of revealed votes, given a quorum of the snapshotted total stake. A round
///      without quorum or with a tie decides nothing: the case moves to a further round with a fresh snapshot and
///      longer windows, the dispute stays open (so the submission cannot finalize) and its opener pays the
///      coordinator's no-verdict fee. Minority and committed-but-unrevealed voters lose `penaltyBps` of their
///      weight to the majority (to the treasury in an undecided round); validators staked at a round's snapshot
///      that do not commit lose `abstainPenaltyBps` (`penalizeAbsent`, anyone may call). The maximum penalty of a
///      vote is reserved from the voter's stake when it commits, so every vote penalty can always be collected.
///      Each voter is settled individually (`settle`, anyone may call), so resolution costs O(1) whatever the
///      number of voters. Parameters are snapshotted into the case when it opens.
interface IDisputeCourt {
    enum Vote {
        None,
        Fraud,
        Honest
    }

    /// @dev Packed so a vote touches one validator slot: stake, reserved and pending settlements together.
    struct Validator {
        uint112 stake; // active, votes
        uint112 reserved; // penalties that pending settlements may still take
        uint32 pendingSettlements; // committed votes not yet settled
        uint112 unbonding; // requested out, still slashable
        uint64 releaseAt; // when unbonding tokens may be withdrawn
    }

    struct Case {
        uint48 snapshotBlock; // of the current round
        uint40 commitEnd;
        uint40 revealEnd;
        bool resolved;
        ICoordinator.DisputeStatus outcome;
        uint24 fraudVoters; // revealed Fraud votes
        uint24 honestVoters; // revealed Honest votes
        uint24 majorityCount; // revealed voters on the winning side (set at resolution)
        uint24 majoritySettled;
        uint16 quorumBps; // snapshotted at opening, like the four fields below
        uint32 round; // 0 first; each round without a verdict starts the next
        uint40 commitDuration; // of round 0; round r lasts 2^min(r, MAX_ESCALATION) times as long
        uint40 revealDuration;
        uint16 penaltyBps;
        uint16 abstainPenaltyBps;
        uint128 totalWeight; // all active stake at the snapshot
        uint128 committedPenalty; // sum of penalties reserved by every committed vote
        uint128 fraudWeight;
        uint128 honestWeight;
        uint128 fraudPenalty; // sum of reserved penalties of revealed Fraud voters
        uint128 honestPenalty;
        uint128 tokenPool; // penalties owed to the majority (or the treasury)
        uint128 tokenPoolPaid;
        uint128 votersPoolWei; // ETH the coordinator set aside for the majority
        uint128 votersPoolPaid;
    }

    struct Ballot {
        bytes32 commitment;
        uint112 weight; // stake at the case's snapshot block
        uint112 penalty; // reserved at commit: what a minority or unrevealed vote loses
        Vote vote;
        bool settled;
    }

    struct CourtParams {
        uint40 commitDuration;
        uint40 revealDuration;
        uint40 unbondingDelay; // must exceed commitDuration + revealDuration
        uint16 quorumBps; // of the snapshotted total stake
        uint16 penaltyBps; // of a minority / unrevealed voter's weight
        uint16 abstainPenaltyBps; // of the weight of a validator staked at a round's snapshot that did not commit
        address treasury; // receives penalties when nobody is in the majority
    }

    event Staked(address indexed validator, uint256 amount, uint256 stake);
    event UnstakeRequested(address indexed validator, uint256 amount, uint256 stake, uint64 releaseAt);
    event UnstakeWithdrawn(address indexed validator, uint256 amount);
    event CaseOpened(
        uint256 indexed disputeId,
        uint48 snapshotBlock,
        uint256 totalWeight,
        uint64 commitEnd,
        uint64 revealEnd
    );
    event VoteCommitted(uint256 indexed disputeId, address indexed voter, uint256 weight);
    event VoteRevealed(uint256 indexed disputeId, address indexed voter, Vote vote, uint256 weight);
    event CaseResolved(
        uint256 indexed disputeId,
        ICoordinator.DisputeStatus outcome,
        uint256 fraudWeight,
        uint256 honestWeight,
        uint256 unrevealedPenalty,
        uint256 totalWeight,
        uint256 tokenPool,
        uint256 votersPoolWei
    );
    event VoterSettled(
        uint256 indexed disputeId,
        address indexed voter,
        bool majority,
        uint256 tokenReward,
        uint256 tokenPenalty,
        uint256 ethRewardWei
    );
    event RoundUndecided(
        uint256 indexed disputeId,
        uint32 round,
        uint256 fraudWeight,
        uint256 honestWeight,
        uint256 totalWeight,
        uint48 nextSnapshotBlock,
        uint64 nextCommitEnd,
        uint64 nextRevealEnd
    );
    /// @notice A voter of a round without verdict settled (`settleRound`): its reservation released, and
    ///         `tokenPenalty` taken for the treasury when it committed and never revealed.
    event RoundVoterSettled(
        uint256 indexed disputeId, uint32 round, address indexed voter, uint256 tokenPenalty
    );
    event AbsencePenalized(
        uint256 indexed disputeId, uint32 round, address indexed validator, uint256 amount
    );
    event TreasuryTokensWithdrawn(address indexed treasury, uint256 amount);
    event CourtParamsUpdated(CourtParams params);

    error InvalidCourtParams(string field);
    error ZeroAmount();
    error InsufficientStake(address validator, uint256 requested, uint256 available);
    error StillUnbonding(address validator, uint64 releaseAt);
    error SettlementsPending(address validator, uint32 pending);
    error NotCoordinator(address caller);
    error CaseExists(uint256 disputeId);
    error CaseNotFound(uint256 disputeId);
    error CommitPhaseOver(uint256 disputeId, uint64 commitEnd);
    error NotRevealPhase(uint256 disputeId, uint64 commitEnd, uint64 revealEnd);
    error RevealPhaseNotOver(uint256 disputeId, uint64 revealEnd);
    error NoVotingPower(uint256 disputeId, address voter, uint48 snapshotBlock);
    error AlreadyCommitted(uint256 disputeId, address voter);
    error NotCommitted(uint256 disputeId, address voter);
    error AlreadyRevealed(uint256 disputeId, address voter);
    error InvalidVote();
    error CommitmentMismatch(uint256 disputeId, address voter);
    error InsufficientFreeStake(address voter, uint256 penaltyToReserve, uint256 free);
    error AlreadyResolved(uint256 disputeId);
    error NotResolved(uint256 disputeId);
    error AlreadySettled(uint256 disputeId, address voter);
    error RoundNotOver(uint256 disputeId, uint32 round, uint32 currentRound);
    error NotAbsent(uint256 disputeId, uint32 round, address validator);
    error AbsenceAlreadyPenalized(uint256 disputeId, uint32 round, address validator);
    error NotGame(address caller);
    error GameAlreadySet(address game);
    error GameDecides(uint256 disputeId);
    error NotClaimable(uint256 disputeId);
    error GameNotFinal(uint256 disputeId);

    /// @notice Moves `amount` reward tokens from the caller into its active stake (needs an allowance).
    function stake(uint256 amount) external;
    /// @notice Moves active stake into unbonding; withdrawable after `unbondingDelay`.
    function requestUnstake(uint256 amount) external;
    /// @notice Withdraws released unbonding tokens that no pending penalty reserves.
    function withdrawUnstaked() external returns (uint256 amount);

    /// @notice Opens the case for a new dispute. Only the coordinator.
    function openCase(uint256 disputeId) external;
    /// @notice Commits keccak256(abi.encode(disputeId, voter, vote, salt)) during the commit phase.
    function commitVote(uint256 disputeId, bytes32 commitment) external;
    /// @notice Reveals a committed vote during the reveal phase.
    function revealVote(uint256 disputeId, Vote vote, bytes32 salt) external;
    /// @notice After the reveal phase anyone resolves the round: a verdict goes to the coordinator; without
    ///         one (no quorum, tie) the next round starts and `Open` is returned.
    function resolve(uint256 disputeId) external returns (ICoordinator.DisputeStatus outcome);
    /// @notice Pays or penalizes one committed voter of the deciding round of a resolved case. Anyone may call.
    function settle(uint256 disputeId, address voter) external;
    /// @notice Settles one committed voter of an earlier round without verdict: its reservation is released,
    ///         an unrevealed vote loses its penalty to the treasury. Anyone may call.
    function settleRound(uint256 disputeId, uint32 round, address voter) external;
    /// @notice Takes `abstainPenaltyBps` of the snapshotted weight of a validator that did not commit in a
    ///         finished round (as much as its unreserved stake allows) for the treasury. Anyone may call.
    function penalizeAbsent(uint256 disputeId, uint32 round, address validator)
        external
        returns (uint256 amount);
    /// @notice Sends penalties owed to the treasury (cases without a majority).
    function withdrawTreasuryTokens() external returns (uint256 amount);

    /// @notice DEFAULT_ADMIN_ROLE, once: the dissection game contract.
    function setGame(address game_) external;

    /// @notice Only the game, while the case is in round 0's commit phase: the game decides this dispute, so
    ///         no further vote is committed, no round is resolved by vote and nobody is penalized for abstaining.
    ///         Votes committed before the claim are released unpenalized at `settle`.
    function claimForGame(uint256 disputeId) external;

    /// @notice Anyone, once the game's result is final: Fraud or Honest settles the dispute with the
    ///         coordinator (no voter pool: the rest goes to the treasury; the coordinator's DisputeResolved shows
    ///         it); Court hands it back to the vote in a fresh round (RoundUndecided, with no fee), as if the
    ///         game had not been played. The court emits no event of its own for the game: the indexers read the
    ///         game's events, the coordinator's and RoundUndecided.
    function resolveByGame(uint256 disputeId) external returns (ICoordinator.DisputeStatus outcome);

    function commitmentOf(uint256 disputeId, address voter, Vote vote, bytes32 salt)
        external
        pure
        returns (bytes32);
    function validator(address account) external view returns (Validator memory);
    function getCase(uint256 disputeId) external view returns (Case memory);
    /// @notice The voter's ballot in the case's current round.
    function ballot(uint256 disputeId, address voter) external view returns (Ballot memory);
    function ballotAt(uint256 disputeId, uint32 round, address voter) external view returns (Ballot memory);
    function roundSnapshotBlock(uint256 disputeId, uint32 round) external view returns (uint48);
    function coordinator() external view returns (ICoordinator);
    function stakeAt(address account, uint48 blockNumber) external view returns (uint256);
    function totalStakeAt(uint48 blockNumber) external view returns (uint256);
    function totalStake() external view returns (uint256);
    function courtParams() external view returns (CourtParams memory);
    function treasuryTokens() external view returns (uint256);
}
