// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ICoordinator
/// @notice Runs, the staked lease mutex, step commitments, finalization with rewards, disputes' value flows.
/// @dev A lease and the submission made under it share one record and one id (`submissionId == leaseId`):
///      the submission re-uses the storage the lease paid for, which keeps `submit` cheap.
///      All ETH leaves through `withdraw` (pull payments). See docs/protocol.md for the state machines.
interface ICoordinator {
    /// @notice Lifecycle of a lease record. Leased -> Expired | Cancelled | Pending;
    ///         Pending -> Final | Invalid | Orphaned.
    enum Status {
        None,
        Leased,
        Expired,
        Cancelled,
        Pending,
        Final,
        Invalid,
        Orphaned
    }

    /// @dev `NoQuorum` is kept for ABI stability and is never set: a round without a verdict starts another
    ///      round (the dispute stays `Open`), it never accepts the submission.
    enum DisputeStatus {
        None,
        Open,
        Fraud,
        Honest,
        NoQuorum
    }

    /// @notice Immutable configuration of a training run (docs/architecture.md §3.1).
    struct RunConfig {
        bytes32 specHash; // keccak256 of the canonical run-spec JSON
        bytes32 genesisRoot; // stateRoot of the step-0 checkpoint
        uint64 stepsPerLease; // k
        uint64 leaseDuration; // seconds a lease holder has to submit
        uint64 challengeWindow; // seconds a submission can be disputed
        uint64 totalSteps;
        uint96 workerBond; // wei, exact value sent with acquireLease
        uint96 challengerBond; // wei, exact value sent with openDispute
        uint128 rewardPerStep; // reward-token units minted per finalized step
        string specCid;
        string genesisCid;
    }

    /// @notice Mutable head of a run.
    struct RunState {
        uint40 tipStep; // last step of the newest non-invalid submission on the live chain
        uint40 finalizedStep; // last finalized step; steps 1..finalizedStep are final
        uint48 tipId; // submission that ends at tipStep (0 = genesis)
        uint48 liveLeaseId; // the lease holding the mutex (0 = free)
    }

    /// @notice A lease and, once submitted, its submission.
    struct Lease {
        address holder;
        uint96 bond; // once Invalid: the challenger share still held for the first proven dispute (0 once paid)
        uint48 runId;
        uint48 parentId; // submission this builds on (0 = genesis)
        uint40 firstStep;
        uint40 lastStep;
        uint40 deadline; // lease deadline while Leased; end of the challenge window once Pending
        Status status;
        uint16 openDisputes;
        uint16 pendingCommits; // dispute commits not yet revealed or expired: they hold finalization too
        bytes32 stepsRoot; // set on submit; finalRoot and losses live in the Submitted event
    }

    /// @notice One step record: the commitment to the state after the step and the training loss.
    struct StepRecord {
        bytes32 stateRoot;
        uint32 lossBits; // IEEE-754 binary32 bits of the loss
    }

    /// @notice What a challenger claims: the worker's record for `step` is wrong. `prev` is the record for
    ///         step-1 proved against this submission's stepsRoot, or, for the lease's first step, against the
    ///         parent submission's stepsRoot (for the run's first lease: the genesis root, no proof).
    ///         `step == 0` disputes the lease as a whole (no records, no proofs).
    struct DisputeClaim {
        uint64 step;
        StepRecord prev;
        bytes32[] prevProof;
        StepRecord record;
        bytes32[] proof;
        bytes32 claimedRoot;
        uint32 claimedLossBits;
    }

    struct Dispute {
        uint48 submissionId;
        uint40 step; // 0 = the whole lease is disputed
        DisputeStatus status;
        address challenger;
        uint96 bond; // what is left of the challenger's bond; the claim itself lives in the DisputeOpened event
        // Params snapshotted when the dispute opened: later setParams calls affect only new disputes.
        uint16 challengerRewardBps;
        uint16 workerRewardBps;
        uint16 noVerdictFeeBps;
        uint32 rounds; // court rounds that ended without a verdict
        uint48 order; // opening order: the commit's number (commitDispute), or one drawn by a direct openDispute
    }

    /// @notice A hidden dispute (`commitDispute`): the submission and the bond are public, the claim is not.
    struct DisputeCommit {
        address challenger;
        uint96 bond;
        bytes32 commitment; // keccak256(abi.encode(submissionId, challenger, salt, step, claimedRoot, claimedLossBits))
        uint48 submissionId;
        uint64 committedAtBlock;
    }

    /// @notice Who is owed the challenger share of an invalid submission's bond (held in the submission's `bond`
    ///         until every dispute and commit on it is settled, then paid to the proven dispute that opened first).
    struct HeldShare {
        uint48 disputeId; // the proven (Fraud) dispute with the lowest order so far
        uint48 order;
    }

    /// @notice Protocol-wide parameters in basis points, settable by PARAMETER_ROLE.
    struct Params {
        uint16 expirySlashBps; // share of a lease bond lost when the lease expires
        uint16 keeperRewardBps; // share of that slash paid to whoever called expireLease
        uint16 challengerRewardBps; // share of a fraudulent worker's bond paid to the challenger
        uint16 workerRewardBps; // share of a false challenger's bond paid to the worker
        uint16 noVerdictFeeBps; // share of the challenger's remaining bond lost per court round without verdict
        uint32 leaseCooldown; // seconds the holder of an expired lease may not lease that run again
        address treasury; // receives the remainder of slashes nobody else is owed
    }

    // ---------------------------------------------------------------- events
    event RunCreated(uint256 indexed runId, address indexed creator, RunConfig config);
    event LeaseAcquired(
        uint256 indexed runId,
        uint256 indexed leaseId,
        address indexed holder,
        uint256 parentId,
        uint64 firstStep,
        uint64 lastStep,
        uint64 deadline,
        uint256 bondWei
    );
    event LeaseExpired(
        uint256 indexed runId,
        uint256 indexed leaseId,
        address indexed holder,
        address keeper,
        uint256 slashedWei,
        uint256 keeperRewardWei,
        uint256 refundWei
    );
    event LeaseCancelled(
        uint256 indexed runId, uint256 indexed leaseId, address indexed holder, uint256 refundWei
    );
    event Submitted(
        uint256 indexed runId,
        uint256 indexed submissionId,
        address indexed worker,
        uint256 parentId,
        uint64 firstStep,
        uint64 lastStep,
        bytes32 stepsRoot,
        bytes32 finalRoot,
        string checkpointCid,
        bytes losses,
        uint64 challengeDeadline
    );
    event Finalized(
        uint256 indexed runId,
        uint256 indexed submissionId,
        address indexed worker,
        uint64 finalizedStep,
        uint256 bondRefundWei,
        uint256 rewardTokens
    );
    event RewardsClaimed(address indexed account, uint256 amount);
    event Invalidated(
        uint256 indexed runId,
        uint256 indexed submissionId,
        uint256 indexed disputeId,
        uint64 tipStep,
        uint256 tipId
    );
    event Orphaned(
        uint256 indexed runId, uint256 indexed submissionId, address indexed worker, uint256 refundWei
    );
    event DisputeOpened(
        uint256 indexed runId,
        uint256 indexed submissionId,
        uint256 indexed disputeId,
        address challenger,
        uint64 step,
        bytes32 workerRoot,
        uint32 workerLossBits,
        bytes32 claimedRoot,
        uint32 claimedLossBits,
        uint256 bondWei
    );
    event DisputeResolved(
        uint256 indexed runId,
        uint256 indexed submissionId,
        uint256 indexed disputeId,
        DisputeStatus outcome,
        uint256 challengerCreditWei,
        uint256 workerCreditWei,
        uint256 votersPoolWei,
        uint256 treasuryCreditWei
    );
    event VoterPaid(uint256 indexed disputeId, address indexed voter, uint256 amountWei);
    event Credited(address indexed account, uint256 amountWei);
    event Withdrawn(address indexed account, uint256 amountWei);
    event ParamsUpdated(Params params);
    event CourtSet(address court);
    event DisputeRoundUndecided(
        uint256 indexed submissionId,
        uint256 indexed disputeId,
        uint32 rounds,
        uint256 feeWei,
        uint256 bondLeftWei
    );
    event ExcessSwept(address indexed to, uint256 amountWei);
    event DisputeCommitted(
        uint256 indexed runId,
        uint256 indexed submissionId,
        uint256 indexed commitId,
        address challenger,
        uint256 bondWei,
        uint64 revealFromBlock,
        uint64 revealUntilBlock
    );
    event DisputeCommitRevealed(uint256 indexed commitId, uint256 indexed disputeId);
    event DisputeCommitExpired(
        uint256 indexed submissionId, uint256 indexed commitId, address indexed challenger, uint256 forfeitWei
    );
    event ChallengerSharePaid(
        uint256 indexed runId,
        uint256 indexed submissionId,
        uint256 indexed disputeId,
        address challenger,
        uint256 amountWei
    );

    // ---------------------------------------------------------------- errors
    error InvalidRunConfig(string field);
    error InvalidParams(string field);
    error ParamOutOfBounds(string field, uint256 value, uint256 max);
    error ZeroRoot(string field);
    error InvalidCid(uint256 lengthBytes, uint256 maxBytes);
    error FinalRootMismatch(uint256 leaseId, bytes32 finalRoot);
    error LeaseCooldown(uint256 runId, address holder, uint64 until);
    error CourtCoordinatorMismatch(address court, address courtCoordinator);
    error NoExcess();
    error RunNotFound(uint256 runId);
    error RunComplete(uint256 runId, uint64 totalSteps);
    error WrongBond(uint256 sentWei, uint256 requiredWei);
    error LeaseHeld(uint256 runId, uint256 leaseId, address holder, uint64 deadline);
    error LeaseNotFound(uint256 leaseId);
    error RunMismatch(uint256 leaseId, uint256 runId, uint256 leaseRunId);
    error NotLeaseHolder(uint256 leaseId, address caller, address holder);
    error LeaseNotLive(uint256 leaseId, Status status);
    error LeaseDeadlinePassed(uint256 leaseId, uint64 deadline);
    error LeaseNotExpired(uint256 leaseId, uint64 deadline);
    error WrongLossesLength(uint256 gotBytes, uint256 expectedBytes);
    error NotPending(uint256 submissionId, Status status);
    error ChallengeWindowOpen(uint256 submissionId, uint64 deadline);
    error ChallengeWindowClosed(uint256 submissionId, uint64 deadline);
    error DisputesOpen(uint256 submissionId, uint16 openDisputes);
    error ParentNotFinal(uint256 submissionId, uint256 parentId, Status parentStatus);
    error ParentNotDead(uint256 submissionId, uint256 parentId, Status parentStatus);
    error StepOutOfRange(uint64 step, uint64 firstStep, uint64 lastStep);
    error InvalidProof(uint64 step);
    error PreviousRootMismatch(uint64 step, bytes32 given, bytes32 expected);
    error ClaimMatchesRecord(uint64 step, bytes32 root, uint32 lossBits);
    error TooManyDisputes(uint256 submissionId);
    error ZeroCommitment();
    error CommitNotFound(uint256 commitId);
    error NotCommitter(uint256 commitId, address caller, address challenger);
    error NotRevealWindow(uint256 commitId, uint64 revealFromBlock, uint64 revealUntilBlock);
    error CommitNotExpired(uint256 commitId, uint64 revealUntilBlock);
    error CommitmentMismatch(uint256 commitId);
    error DisputeCommitsPending(uint256 submissionId, uint16 pendingCommits);
    error DisputeNotFound(uint256 disputeId);
    error DisputeNotOpen(uint256 disputeId, DisputeStatus status);
    error NotCourt(address caller);
    error CourtAlreadySet(address court);
    error CourtNotSet();
    error VoterPoolExceeded(uint256 disputeId, uint256 requestedWei, uint256 remainingWei);
    error NothingToWithdraw(address account);
    error NothingToClaim(address account);
    error TransferFailed(address to, uint256 amountWei);

    // ---------------------------------------------------------------- functions
    /// @notice Creates a run. Only RUN_CREATOR_ROLE. Requires 0 < stepsPerLease <= totalSteps < 2^40 and
    ///         0 < leaseDuration, challengeWindow <= 365 days; both bonds non-zero.
    function createRun(RunConfig calldata config) external returns (uint256 runId);

    /// @notice Takes the run's mutex for steps tip+1..min(tip+k, totalSteps); send exactly leaseBondWei(runId).
    ///         The holder of the lease that expired last may not call it for that run during `leaseCooldown`.
    function acquireLease(uint256 runId) external payable returns (uint256 leaseId);

    /// @notice Frees the mutex of a lease whose deadline passed; the caller earns the keeper reward.
    function expireLease(uint256 leaseId) external;

    /// @notice Posts the commitments for the leased steps. `losses` packs n = lastStep - firstStep + 1 big-endian
    ///         uint32 float bits. `stepsRoot` is the positional tree of the n step leaves (StepRecords);
    ///         `finalProof` opens its last leaf, whose stateRoot must be `finalRoot` and whose loss the last of
    ///         `losses`. Zero roots and CIDs that are empty or longer than MAX_CID_BYTES are refused.
    function submit(
        uint256 runId,
        uint256 leaseId,
        bytes32 stepsRoot,
        bytes32 finalRoot,
        string calldata checkpointCid,
        bytes calldata losses,
        bytes32[] calldata finalProof
    ) external;

    /// @notice Finalizes a pending submission after its challenge window; refunds the bond and accrues
    ///         rewardPerStep × steps reward tokens to the worker (minted by `claimRewards`).
    function finalize(uint256 submissionId) external;

    /// @notice Mints the caller's accrued reward tokens to it.
    function claimRewards() external returns (uint256 amount);

    /// @notice Marks a pending submission whose parent is Invalid or Orphaned as Orphaned and refunds its bond.
    function reclaimOrphaned(uint256 submissionId) external;

    /// @notice Disputes the worker's record for `step` (proved against stepsRoot, with the record of step-1,
    ///         or the parent's finalRoot for the first step), or the whole lease when `step == 0`. Opened in the
    ///         clear, it takes the next opening order at once and can be copied from the mempool: a challenger
    ///         that wants its reward safe uses commitDispute and revealDispute.
    function openDispute(uint256 submissionId, DisputeClaim calldata claim)
        external
        payable
        returns (uint256 disputeId);

    /// @notice Commits to a dispute of `submissionId` without showing it: `commitment` is keccak256(abi.encode(
    ///         submissionId, msg.sender, salt, claim.step, claim.claimedRoot, claim.claimedLossBits)) (uint256,
    ///         address, bytes32, uint64, bytes32, uint32): the records and proofs are fixed by the step. Send exactly the run's challengerBond;
    ///         only while the submission is Pending and its challenge window open. The commit's number is the
    ///         dispute's opening order (the challenger share goes to the proven dispute that opened first), and
    ///         until it is revealed or expired the submission cannot finalize.
    function commitDispute(uint256 submissionId, bytes32 commitment)
        external
        payable
        returns (uint256 commitId);

    /// @notice Opens the committed dispute: from DISPUTE_REVEAL_DELAY_BLOCKS after the commit's block to
    ///         DISPUTE_REVEAL_WINDOW_BLOCKS after it, by the committer, even if the challenge window has closed
    ///         or another dispute already invalidated the submission. The claim is checked as in openDispute.
    function revealDispute(uint256 commitId, DisputeClaim calldata claim, bytes32 salt)
        external
        returns (uint256 disputeId);

    /// @notice After a commit's reveal window, anyone frees the submission from it; the bond goes to the
    ///         treasury (a commit never revealed is a griefing attempt or a lost salt).
    function expireDisputeCommit(uint256 commitId) external;

    /// @notice Called by the court with its verdict (Fraud or Honest); moves the bonds. Returns the wei set aside
    ///         for voters.
    function onVerdict(uint256 disputeId, DisputeStatus outcome, bool votersToPay)
        external
        returns (uint256 votersPoolWei);

    /// @notice Called by the court when a round ends without a verdict (no quorum, or a tie): the dispute stays
    ///         open, so the submission cannot finalize, and its opener loses `noVerdictFeeBps` of what is left
    ///         of its bond to the treasury.
    function onUndecided(uint256 disputeId) external returns (uint256 feeWei);

    /// @notice Called by the court to pay a majority voter its share of a dispute's voter pool.
    function payVoter(uint256 disputeId, address voter, uint256 amountWei) external;

    /// @notice Sends the caller everything credited to it.
    function withdraw() external returns (uint256 amountWei);

    // ---------------------------------------------------------------- views
    function runConfig(uint256 runId) external view returns (RunConfig memory);
    function runState(uint256 runId) external view returns (RunState memory);
    function lease(uint256 leaseId) external view returns (Lease memory);
    function dispute(uint256 disputeId) external view returns (Dispute memory);
    function credits(address account) external view returns (uint256);
    function rewardsOwed(address account) external view returns (uint256);
    function totalCreditsWei() external view returns (uint256);
    function runCount() external view returns (uint256);
    function leaseCount() external view returns (uint256);
    function disputeCount() external view returns (uint256);
    function params() external view returns (Params memory);
    /// @notice Wei held for live leases, pending submissions, open disputes and unpaid voter pools, tracked
    ///         as value enters and is credited (ETH forced in by selfdestruct is not part of it).
    function lockedWei() external view returns (uint256);
    function disputeCommit(uint256 commitId) external view returns (DisputeCommit memory);
    function commitCount() external view returns (uint256);
    /// @notice ETH held beyond credits and locked value (forced in without a call).
    function excessWei() external view returns (uint256);
    /// @notice Credits the excess to the treasury. Only DEFAULT_ADMIN_ROLE.
    function sweepExcess() external returns (uint256 amountWei);
    /// @notice The bond `acquireLease` takes now: workerBond doubled per lease of the run expired in a row since
    ///         the last submission (at most MAX_BOND_DOUBLINGS times).
    function leaseBondWei(uint256 runId) external view returns (uint256);
    /// @notice The address that last let a lease of `runId` expire, and until when it may not lease that run.
    function leaseCooldownOf(uint256 runId) external view returns (address holder, uint64 until);
    /// @notice The step-record leaf committed in stepsRoot (OpenZeppelin MerkleProof, sorted pairs).
    function stepLeaf(uint256 runId, uint64 step, bytes32 stateRoot, uint32 lossBits)
        external
        pure
        returns (bytes32);
}
