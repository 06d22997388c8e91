// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IRewardToken} from "./interfaces/IRewardToken.sol";

/// @title RewardToken (VTR)
/// @notice Minted only by the coordinator for finalized steps; staked in the court; ERC20Votes so a Governor
///         can use it. The genesis allocation funds the first validators.
contract RewardToken is ERC20, ERC20Permit, ERC20Votes, AccessControl, IRewardToken {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    constructor(address admin, address[] memory recipients, uint256[] memory amounts)
        ERC20("veritrain Reward", "VTR")
        ERC20Permit("veritrain Reward")
    {
        if (recipients.length != amounts.length) revert LengthMismatch(recipients.length, amounts.length);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        for (uint256 i = 0; i < recipients.length; ++i) {
            _mint(recipients[i], amounts[i]);
        }
    }

    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
