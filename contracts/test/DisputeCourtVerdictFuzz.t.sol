// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CourtFixture} from "./utils/CourtFixture.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";

/// @notice DisputeCourt verdict rule and settlement, fuzzed over stakes, quorum, penalty and every voter's
///         choice (abstain, commit and stay silent, reveal Fraud or Honest). The expected verdict and each
///         voter's token change are recomputed here from the rules in IDisputeCourt.
contract DisputeCourtVerdictFuzzTest is CourtFixture {
    struct Expect {
        uint256 total;
        uint256 fraudW;
        uint256 honestW;
        uint256 pool;
        ICoordinator.DisputeStatus outcome;
    }

    /// @param choices two bits per validator: 0 abstain, 1 commit and stay silent, 2 reveal Fraud, 3 reveal Honest
    function testFuzz_resolveAndSettle_followTheRules(
        uint96[3] memory extra,
        uint8 choices,
        uint16 quorumBps,
        uint16 penaltyBps
    ) public {
        IDisputeCourt.CourtParams memory p = defaultCourtParams();
        p.quorumBps = uint16(bound(quorumBps, 0, BPS));
        p.penaltyBps = uint16(bound(penaltyBps, 0, BPS));
        setCourtParams(p);
        for (uint256 i = 0; i < 3; ++i) {
            uint256 e = bound(extra[i], 0, 5_000 ether);
            if (e != 0) stakeAs(validators[i], e);
        }
        vm.roll(block.number + 1);
        (, uint256 d) = openFraudDispute();

        Expect memory x;
        x.total = court.totalStake();
        uint256[3] memory weight;
        uint256[3] memory penalty;
        for (uint256 i = 0; i < 3; ++i) {
            uint256 c = (choices >> (2 * i)) & 3;
            weight[i] = court.validator(validators[i]).stake;
            penalty[i] = weight[i] * p.penaltyBps / BPS;
            if (c != 0) commit(validators[i], d, c == 3 ? HONEST : FRAUD);
        }
        toRevealPhase(d);
        for (uint256 i = 0; i < 3; ++i) {
            uint256 c = (choices >> (2 * i)) & 3;
            if (c == 2) {
                reveal(validators[i], d, FRAUD);
                x.fraudW += weight[i];
            } else if (c == 3) {
                reveal(validators[i], d, HONEST);
                x.honestW += weight[i];
            }
        }
        // No quorum or a tie decides nothing (the case goes to another round).
        bool decided = x.fraudW != x.honestW && (x.fraudW + x.honestW) * BPS >= uint256(p.quorumBps) * x.total;
        x.outcome = !decided
            ? ICoordinator.DisputeStatus.Open
            : (x.fraudW > x.honestW ? ICoordinator.DisputeStatus.Fraud : ICoordinator.DisputeStatus.Honest);

        toResolvable(d);
        assertEq(uint8(court.resolve(d)), uint8(x.outcome), "verdict");

        // Who loses what, and the pool the majority shares (or the treasury takes).
        uint256 majorityW;
        bool[3] memory inMajority;
        bool[3] memory loses;
        for (uint256 i = 0; i < 3; ++i) {
            uint256 c = (choices >> (2 * i)) & 3;
            if (c == 0) continue;
            inMajority[i] = (x.outcome == ICoordinator.DisputeStatus.Fraud && c == 2)
                || (x.outcome == ICoordinator.DisputeStatus.Honest && c == 3);
            loses[i] = !inMajority[i] && (c == 1 || decided);
            if (inMajority[i]) majorityW += weight[i];
            if (loses[i]) x.pool += penalty[i];
        }
        if (decided) {
            assertEq(court.getCase(d).tokenPool, x.pool, "token pool");
            assertEq(court.treasuryTokens(), majorityW == 0 ? x.pool : 0, "treasury share");
        }

        uint256 supplyBefore = token.balanceOf(address(court));
        uint256 paid;
        for (uint256 i = 0; i < 3; ++i) {
            if (((choices >> (2 * i)) & 3) == 0) continue;
            address v = validators[i];
            uint256 walletBefore = token.balanceOf(v);
            if (decided) court.settle(d, v);
            else court.settleRound(d, 0, v);
            uint256 gained = token.balanceOf(v) - walletBefore;
            paid += gained;
            assertEq(court.validator(v).stake, weight[i] - (loses[i] ? penalty[i] : 0), "stake after settle");
            if (!inMajority[i]) assertEq(gained, 0, "only the majority is paid");
            assertEq(court.validator(v).reserved, 0);
        }
        assertEq(paid, majorityW == 0 ? 0 : x.pool, "majority paid the pool exactly");
        assertEq(token.balanceOf(address(court)), supplyBefore - paid);
        if (!decided) assertEq(court.treasuryTokens(), x.pool, "undecided: penalties to the treasury");
        assertAbstainersPenalized(d, choices, weight);
        assertCourtTokensBalanced();
        assertSolvent();
    }

    /// @dev Staked validators that did not commit lose the abstain share, whatever the outcome.
    function assertAbstainersPenalized(uint256 d, uint8 choices, uint256[3] memory weight) internal {
        for (uint256 i = 0; i < 3; ++i) {
            if (((choices >> (2 * i)) & 3) != 0) continue;
            uint256 abstain = weight[i] * ABSTAIN_PENALTY_BPS / BPS;
            assertEq(court.penalizeAbsent(d, 0, validators[i]), abstain, "abstain penalty");
            assertEq(court.validator(validators[i]).stake, weight[i] - abstain);
        }
    }
}
