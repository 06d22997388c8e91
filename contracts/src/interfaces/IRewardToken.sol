// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IRewardToken
/// @notice The protocol's reward and governance token: ERC20 + ERC20Permit + ERC20Votes. Only MINTER_ROLE
///         (the coordinator) mints, as rewards for finalized steps.
interface IRewardToken is IERC20 {
    error LengthMismatch(uint256 recipients, uint256 amounts);

    function MINTER_ROLE() external view returns (bytes32);
    function mint(address to, uint256 amount) external;
}
