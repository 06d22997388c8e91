// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {RewardToken} from "../src/RewardToken.sol";
import {IRewardToken} from "../src/interfaces/IRewardToken.sol";

/// @notice RewardToken (VTR): genesis allocation, minting by MINTER_ROLE only, ERC-2612 permit, ERC20Votes.
contract RewardTokenTest is Test {
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    bytes32 internal constant DELEGATION_TYPEHASH =
        keccak256("Delegation(address delegatee,uint256 nonce,uint256 expiry)");

    RewardToken internal token;
    address internal admin = makeAddr("admin");
    address internal minter = makeAddr("minter");
    address internal v0 = makeAddr("validator0");
    address internal v1 = makeAddr("validator1");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        vm.roll(10);
        vm.warp(1_700_000_000);
        address[] memory recipients = new address[](2);
        uint256[] memory amounts = new uint256[](2);
        (recipients[0], recipients[1]) = (v0, v1);
        (amounts[0], amounts[1]) = (1_000 ether, 250 ether);
        token = new RewardToken(admin, recipients, amounts);
        bytes32 role = token.MINTER_ROLE();
        vm.prank(admin);
        token.grantRole(role, minter);
    }

    // ------------------------------------------------------------------ genesis

    function test_constructor_genesisAllocation_mintsToRecipients() public view {
        assertEq(token.balanceOf(v0), 1_000 ether);
        assertEq(token.balanceOf(v1), 250 ether);
        assertEq(token.totalSupply(), 1_250 ether);
        assertEq(token.name(), "veritrain Reward");
        assertEq(token.symbol(), "VTR");
        assertEq(token.decimals(), 18);
        assertTrue(token.hasRole(token.DEFAULT_ADMIN_ROLE(), admin));
        assertFalse(token.hasRole(token.MINTER_ROLE(), admin), "admin is not a minter by default");
        assertEq(token.MINTER_ROLE(), keccak256("MINTER_ROLE"));
    }

    function test_constructor_emptyAllocation_zeroSupply() public {
        RewardToken t = new RewardToken(admin, new address[](0), new uint256[](0));
        assertEq(t.totalSupply(), 0);
    }

    function test_constructor_lengthMismatch_reverts() public {
        address[] memory recipients = new address[](2);
        uint256[] memory amounts = new uint256[](1);
        vm.expectRevert(abi.encodeWithSelector(IRewardToken.LengthMismatch.selector, 2, 1));
        new RewardToken(admin, recipients, amounts);
    }

    function test_constructor_zeroRecipient_reverts() public {
        address[] memory recipients = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        amounts[0] = 1;
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        new RewardToken(admin, recipients, amounts);
    }

    // ------------------------------------------------------------------ mint

    function test_mint_byMinter_increasesBalanceAndSupply() public {
        vm.expectEmit(true, true, true, true, address(token));
        emit IERC20Transfer.Transfer(address(0), alice, 42 ether);
        vm.prank(minter);
        token.mint(alice, 42 ether);
        assertEq(token.balanceOf(alice), 42 ether);
        assertEq(token.totalSupply(), 1_292 ether);
    }

    function test_mint_withoutMinterRole_reverts() public {
        bytes32 role = token.MINTER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role)
        );
        vm.prank(alice);
        token.mint(alice, 1);
    }

    function test_mint_adminWithoutMinterRole_reverts() public {
        bytes32 role = token.MINTER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, role)
        );
        vm.prank(admin);
        token.mint(admin, 1);
    }

    function test_mint_afterRoleRevoked_reverts() public {
        bytes32 role = token.MINTER_ROLE();
        vm.prank(admin);
        token.revokeRole(role, minter);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, minter, role)
        );
        vm.prank(minter);
        token.mint(alice, 1);
    }

    function test_mint_beyondVotesSafeSupply_reverts() public {
        uint256 cap = type(uint208).max;
        uint256 amount = cap - token.totalSupply() + 1;
        vm.expectRevert(abi.encodeWithSelector(ERC20Votes.ERC20ExceededSafeSupply.selector, cap + 1, cap));
        vm.prank(minter);
        token.mint(alice, amount);
    }

    // ------------------------------------------------------------------ permit

    function permitSig(
        uint256 key,
        address owner,
        address spender,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        (v, r, s) = vm.sign(key, digest);
    }

    function test_permit_validSignature_setsAllowanceAndBumpsNonce() public {
        (address owner, uint256 key) = makeAddrAndKey("permitOwner");
        vm.prank(minter);
        token.mint(owner, 10 ether);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = permitSig(key, owner, bob, 3 ether, 0, deadline);
        token.permit(owner, bob, 3 ether, deadline, v, r, s);
        assertEq(token.allowance(owner, bob), 3 ether);
        assertEq(token.nonces(owner), 1);
        vm.prank(bob);
        token.transferFrom(owner, bob, 3 ether);
        assertEq(token.balanceOf(bob), 3 ether);
    }

    function test_permit_replayedSignature_reverts() public {
        (address owner, uint256 key) = makeAddrAndKey("permitOwner");
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = permitSig(key, owner, bob, 3 ether, 0, deadline);
        token.permit(owner, bob, 3 ether, deadline, v, r, s);
        // With the nonce consumed the same signature recovers to some other address.
        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        token.permit(owner, bob, 3 ether, deadline, v, r, s);
    }

    function test_permit_wrongSigner_reverts() public {
        (address owner,) = makeAddrAndKey("permitOwner");
        (address mallory, uint256 malloryKey) = makeAddrAndKey("mallory");
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = permitSig(malloryKey, owner, bob, 3 ether, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, mallory, owner));
        token.permit(owner, bob, 3 ether, deadline, v, r, s);
    }

    function test_permit_expired_reverts() public {
        (address owner, uint256 key) = makeAddrAndKey("permitOwner");
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = permitSig(key, owner, bob, 3 ether, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        token.permit(owner, bob, 3 ether, deadline, v, r, s);
    }

    // ------------------------------------------------------------------ votes

    function test_votes_undelegatedBalance_hasNoVotes() public view {
        assertEq(token.getVotes(v0), 0);
        assertEq(token.delegates(v0), address(0));
        assertEq(token.clock(), block.number);
        assertEq(token.CLOCK_MODE(), "mode=blocknumber&from=default");
    }

    function test_delegate_self_checkpointsVotes() public {
        vm.expectEmit(true, true, true, true, address(token));
        emit IVotes.DelegateChanged(v0, address(0), v0);
        vm.expectEmit(true, true, true, true, address(token));
        emit IVotes.DelegateVotesChanged(v0, 0, 1_000 ether);
        vm.prank(v0);
        token.delegate(v0);
        assertEq(token.getVotes(v0), 1_000 ether);
        assertEq(token.numCheckpoints(v0), 1);
        assertEq(token.checkpoints(v0, 0)._key, block.number);
        assertEq(token.checkpoints(v0, 0)._value, 1_000 ether);
    }

    function test_votes_transfersAndMints_moveVotesWithHistory() public {
        vm.prank(v0);
        token.delegate(v0);
        vm.prank(v1);
        token.delegate(alice);
        uint256 b0 = block.number;
        vm.roll(b0 + 1);
        vm.prank(v0);
        token.transfer(v1, 100 ether);
        vm.prank(minter);
        token.mint(v1, 50 ether);
        uint256 b1 = block.number;
        vm.roll(b1 + 1);

        assertEq(token.getVotes(v0), 900 ether);
        assertEq(token.getVotes(alice), 400 ether, "v1's delegate gets the transfer and the mint");
        assertEq(token.getVotes(v1), 0);
        assertEq(token.getPastVotes(v0, b0), 1_000 ether);
        assertEq(token.getPastVotes(alice, b0), 250 ether);
        assertEq(token.getPastVotes(alice, b1), 400 ether);
        assertEq(token.getPastTotalSupply(b0), 1_250 ether);
        assertEq(token.getPastTotalSupply(b1), 1_300 ether);
        assertEq(token.numCheckpoints(v0), 2);
    }

    function test_delegate_redelegate_movesAllVotes() public {
        vm.startPrank(v0);
        token.delegate(alice);
        token.delegate(bob);
        vm.stopPrank();
        assertEq(token.getVotes(alice), 0);
        assertEq(token.getVotes(bob), 1_000 ether);
        assertEq(token.delegates(v0), bob);
    }

    function test_getPastVotes_currentBlock_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(Votes.ERC5805FutureLookup.selector, block.number, uint48(block.number))
        );
        token.getPastVotes(v0, block.number);
    }

    function test_delegateBySig_sharesNonceWithPermit() public {
        (address owner, uint256 key) = makeAddrAndKey("sigOwner");
        vm.prank(minter);
        token.mint(owner, 7 ether);
        uint256 expiry = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(abi.encode(DELEGATION_TYPEHASH, bob, 0, expiry));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        token.delegateBySig(bob, 0, expiry, v, r, s);
        assertEq(token.delegates(owner), bob);
        assertEq(token.getVotes(bob), 7 ether);
        assertEq(token.nonces(owner), 1);
        // A permit signed for nonce 0 is now stale.
        (v, r, s) = permitSig(key, owner, alice, 1, 0, expiry);
        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        token.permit(owner, alice, 1, expiry, v, r, s);
    }
}

/// @dev The ERC-20 Transfer event, declared for vm.expectEmit.
interface IERC20Transfer {
    event Transfer(address indexed from, address indexed to, uint256 value);
}
