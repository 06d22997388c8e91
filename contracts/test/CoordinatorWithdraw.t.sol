// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CoordinatorFixture} from "./utils/CoordinatorFixture.sol";
import {RejectingActor} from "./utils/CoordinatorActors.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";

/// @notice Pull payments: withdraw.
contract CoordinatorWithdrawTest is CoordinatorFixture {
    function expiredLeaseCredit(address holder) internal returns (uint256 refund) {
        uint256 id = acquire(holder);
        vm.warp(block.timestamp + LEASE_DURATION + 1);
        vm.prank(keeper);
        coordinator.expireLease(id);
        (,,, refund) = expirySplit(WORKER_BOND);
    }

    function test_withdraw_credited_sendsEverythingAndEmits() public {
        uint256 refund = expiredLeaseCredit(alice);
        uint256 balanceBefore = alice.balance;
        uint256 totalBefore = coordinator.totalCreditsWei();
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.Withdrawn(alice, refund);
        vm.prank(alice);
        uint256 amount = coordinator.withdraw();
        assertEq(amount, refund);
        assertEq(alice.balance, balanceBefore + refund);
        assertEq(coordinator.credits(alice), 0);
        assertEq(coordinator.totalCreditsWei(), totalBefore - refund);
        assertBooks();
    }

    function test_withdraw_nothingCredited_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.NothingToWithdraw.selector, alice));
        vm.prank(alice);
        coordinator.withdraw();
    }

    function test_withdraw_everyParty_drainsCoordinatorToZero() public {
        expiredLeaseCredit(alice);
        address[3] memory parties = [alice, keeper, treasury];
        for (uint256 i = 0; i < parties.length; ++i) {
            vm.prank(parties[i]);
            coordinator.withdraw();
        }
        assertEq(address(coordinator).balance, 0);
        assertEq(coordinator.totalCreditsWei(), 0);
        assertEq(alice.balance + keeper.balance + treasury.balance, 200 ether);
    }

    /// @dev A receiver that reverts fails only its own withdrawal: its credit stays, others are unaffected.
    function test_withdraw_receiverReverts_revertsAndBlocksOnlyItself() public {
        RejectingActor actor = new RejectingActor(coordinator);
        extraPayees.push(address(actor));
        vm.deal(address(actor), 10 ether);
        bytes memory ret = actor.exec(abi.encodeCall(ICoordinator.acquireLease, (runId)), WORKER_BOND);
        uint256 id = abi.decode(ret, (uint256));
        Commitment memory c = buildCommitment(runId, 1, K, 0);
        actor.exec(
            abi.encodeCall(
                ICoordinator.submit, (runId, id, c.stepsRoot, c.finalRoot, CID, c.lossesPacked, c.finalProof)
            ),
            0
        );
        (uint256 s2,) = work(alice, 0);
        passChallengeWindow();
        coordinator.finalize(id);
        coordinator.finalize(s2);

        vm.expectRevert(
            abi.encodeWithSelector(ICoordinator.TransferFailed.selector, address(actor), uint256(WORKER_BOND))
        );
        actor.exec(abi.encodeCall(ICoordinator.withdraw, ()), 0);
        assertEq(coordinator.credits(address(actor)), WORKER_BOND, "credit kept after failed transfer");

        uint256 before = alice.balance;
        vm.prank(alice);
        coordinator.withdraw();
        assertEq(alice.balance, before + WORKER_BOND);
        assertEq(address(coordinator).balance, WORKER_BOND);
        assertBooks();
    }
}
