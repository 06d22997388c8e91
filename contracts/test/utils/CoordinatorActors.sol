// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICoordinator} from "../../src/interfaces/ICoordinator.sol";

/// @notice A contract account that acts on the coordinator through `exec` (bubbling reverts) and refuses ETH:
///         a worker or challenger whose receive() reverts.
contract RejectingActor {
    ICoordinator public immutable coordinator;

    constructor(ICoordinator coordinator_) {
        coordinator = coordinator_;
    }

    function exec(bytes calldata data, uint256 valueWei) external returns (bytes memory ret) {
        bool ok;
        (ok, ret) = address(coordinator).call{value: valueWei}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    receive() external payable {
        revert("RejectingActor: no ETH");
    }
}

/// @notice A contract account that, when paid by `withdraw`, tries to withdraw again from inside receive().
contract ReentrantWithdrawer {
    ICoordinator public immutable coordinator;
    uint256 public receivedCount;
    bool public reentryAttempted;
    bool public reentrySucceeded;
    bytes public reentryRevertData;

    constructor(ICoordinator coordinator_) {
        coordinator = coordinator_;
    }

    function exec(bytes calldata data, uint256 valueWei) external returns (bytes memory ret) {
        bool ok;
        (ok, ret) = address(coordinator).call{value: valueWei}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    receive() external payable {
        receivedCount += 1;
        if (!reentryAttempted) {
            reentryAttempted = true;
            (bool ok, bytes memory ret) = address(coordinator).call(abi.encodeCall(ICoordinator.withdraw, ()));
            reentrySucceeded = ok;
            reentryRevertData = ret;
        }
    }
}
