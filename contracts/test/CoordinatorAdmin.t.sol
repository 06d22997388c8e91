// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {stdStorage, StdStorage} from "forge-std/Test.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {CoordinatorFixture} from "./utils/CoordinatorFixture.sol";
import {Coordinator} from "../src/Coordinator.sol";
import {DisputeCourt} from "../src/DisputeCourt.sol";
import {ICoordinator} from "../src/interfaces/ICoordinator.sol";
import {IDisputeCourt} from "../src/interfaces/IDisputeCourt.sol";
import {IRewardToken} from "../src/interfaces/IRewardToken.sol";
import {StepRecords} from "../src/libraries/StepRecords.sol";

/// @notice Coordinator administration (constructor, createRun, setParams, setCourt) and views.
contract CoordinatorAdminTest is CoordinatorFixture {
    using stdStorage for StdStorage;

    // ------------------------------------------------------------------ constructor

    function test_constructor_grantsAdminRolesAndStoresParams() public view {
        assertTrue(coordinator.hasRole(coordinator.DEFAULT_ADMIN_ROLE(), admin));
        assertTrue(coordinator.hasRole(coordinator.RUN_CREATOR_ROLE(), admin));
        assertTrue(coordinator.hasRole(coordinator.PARAMETER_ROLE(), admin));
        assertFalse(coordinator.hasRole(coordinator.RUN_CREATOR_ROLE(), alice));
        assertEq(coordinator.RUN_CREATOR_ROLE(), keccak256("RUN_CREATOR_ROLE"));
        assertEq(coordinator.PARAMETER_ROLE(), keccak256("PARAMETER_ROLE"));
        assertEq(address(coordinator.token()), address(token));
        assertEq(address(coordinator.court()), address(court));
        assertEq(abi.encode(coordinator.params()), abi.encode(defaultParams()));
    }

    function test_constructor_invalidParams_reverts() public {
        ICoordinator.Params memory p = defaultParams();
        p.treasury = address(0);
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidParams.selector, "treasury"));
        new Coordinator(admin, IRewardToken(address(token)), p);
    }

    // ------------------------------------------------------------------ createRun

    function test_createRun_validConfig_storesConfigAndEmits() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.specHash = keccak256("other spec");
        cfg.stepsPerLease = 3;
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.RunCreated(2, admin, cfg);
        uint256 id = createRunAs(admin, cfg);

        assertEq(id, 2);
        assertEq(coordinator.runCount(), 2);
        assertEq(abi.encode(coordinator.runConfig(id)), abi.encode(cfg));
        ICoordinator.RunState memory st = coordinator.runState(id);
        assertEq(st.tipStep, 0);
        assertEq(st.finalizedStep, 0);
        assertEq(st.tipId, 0);
        assertEq(st.liveLeaseId, 0);
    }

    function test_createRun_withoutRunCreatorRole_reverts() public {
        bytes32 role = coordinator.RUN_CREATOR_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role)
        );
        createRunAs(alice, defaultRunConfig());
    }

    function test_createRun_roleGrantedByAdmin_succeeds() public {
        bytes32 role = coordinator.RUN_CREATOR_ROLE();
        vm.prank(admin);
        coordinator.grantRole(role, bob);
        assertEq(createRunAs(bob, defaultRunConfig()), 2);
    }

    function expectInvalidConfig(ICoordinator.RunConfig memory cfg, string memory field) internal {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidRunConfig.selector, field));
        createRunAs(admin, cfg);
    }

    function test_createRun_zeroSpecHash_reverts() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.specHash = bytes32(0);
        expectInvalidConfig(cfg, "specHash");
    }

    function test_createRun_zeroGenesisRoot_reverts() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.genesisRoot = bytes32(0);
        expectInvalidConfig(cfg, "genesisRoot");
    }

    function test_createRun_zeroStepsPerLease_reverts() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.stepsPerLease = 0;
        expectInvalidConfig(cfg, "stepsPerLease");
    }

    function test_createRun_zeroLeaseDuration_reverts() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.leaseDuration = 0;
        expectInvalidConfig(cfg, "leaseDuration");
    }

    function test_createRun_zeroChallengeWindow_reverts() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.challengeWindow = 0;
        expectInvalidConfig(cfg, "challengeWindow");
    }

    function test_createRun_zeroTotalSteps_reverts() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.totalSteps = 0;
        expectInvalidConfig(cfg, "totalSteps");
    }

    function test_createRun_totalStepsAboveUint40_reverts() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.totalSteps = uint64(type(uint40).max) + 1;
        expectInvalidConfig(cfg, "totalSteps");
    }

    function test_createRun_totalStepsAtUint40Max_succeeds() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.totalSteps = type(uint40).max;
        uint256 id = createRunAs(admin, cfg);
        assertEq(coordinator.runConfig(id).totalSteps, type(uint40).max);
    }

    function test_createRun_zeroWorkerBond_reverts() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.workerBond = 0;
        expectInvalidConfig(cfg, "workerBond");
    }

    function test_createRun_zeroChallengerBond_reverts() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.challengerBond = 0;
        expectInvalidConfig(cfg, "challengerBond");
    }

    /// @dev Run ids are stored as uint48 in leases: the counter may not pass that.
    function test_createRun_runIdAboveUint48_reverts() public {
        stdstore.target(address(coordinator)).sig("runCount()").checked_write(uint256(type(uint48).max));
        expectInvalidConfig(defaultRunConfig(), "runId");
    }

    function test_createRun_zeroRewardPerStep_succeeds() public {
        ICoordinator.RunConfig memory cfg = defaultRunConfig();
        cfg.rewardPerStep = 0;
        uint256 id = createRunAs(admin, cfg);
        assertEq(coordinator.runConfig(id).rewardPerStep, 0);
    }

    // ------------------------------------------------------------------ setParams

    function test_setParams_valid_storesAndEmits() public {
        ICoordinator.Params memory p = ICoordinator.Params({
            expirySlashBps: 10_000,
            keeperRewardBps: 0,
            challengerRewardBps: 5_000,
            workerRewardBps: 1,
            noVerdictFeeBps: 10_000,
            leaseCooldown: 365 days,
            treasury: bob
        });
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.ParamsUpdated(p);
        setParamsAsAdmin(p);
        assertEq(abi.encode(coordinator.params()), abi.encode(p));
    }

    function test_setParams_withoutParameterRole_reverts() public {
        bytes32 role = coordinator.PARAMETER_ROLE();
        ICoordinator.Params memory p = defaultParams();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role)
        );
        vm.prank(alice);
        coordinator.setParams(p);
    }

    function expectInvalidParams(ICoordinator.Params memory p, string memory field) internal {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.InvalidParams.selector, field));
        setParamsAsAdmin(p);
    }

    function expectOutOfBounds(ICoordinator.Params memory p, string memory field, uint256 value, uint256 max)
        internal
    {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.ParamOutOfBounds.selector, field, value, max));
        setParamsAsAdmin(p);
    }

    function test_setParams_expirySlashAboveBps_reverts() public {
        ICoordinator.Params memory p = defaultParams();
        p.expirySlashBps = 10_001;
        expectOutOfBounds(p, "expirySlashBps", 10_001, 10_000);
    }

    /// @dev Issue 11: a keeper share above half would let a holder expiring its own lease from a second
    ///      address recover most of its slash.
    function test_setParams_keeperRewardAboveHalf_reverts() public {
        ICoordinator.Params memory p = defaultParams();
        p.keeperRewardBps = 5_001;
        expectOutOfBounds(p, "keeperRewardBps", 5_001, 5_000);
    }

    /// @dev Issue 11: a challenger share of 100% made self-disputed fraud free (effective slash 0).
    function test_setParams_challengerRewardAboveMinimumSlash_reverts() public {
        ICoordinator.Params memory p = defaultParams();
        p.challengerRewardBps = 10_000;
        expectOutOfBounds(p, "challengerRewardBps", 10_000, 5_000);
    }

    function test_setParams_workerRewardAboveBps_reverts() public {
        ICoordinator.Params memory p = defaultParams();
        p.workerRewardBps = type(uint16).max;
        expectOutOfBounds(p, "workerRewardBps", type(uint16).max, 10_000);
    }

    function test_setParams_noVerdictFeeAboveBps_reverts() public {
        ICoordinator.Params memory p = defaultParams();
        p.noVerdictFeeBps = 10_001;
        expectOutOfBounds(p, "noVerdictFeeBps", 10_001, 10_000);
    }

    function test_setParams_leaseCooldownAboveMaxWindow_reverts() public {
        ICoordinator.Params memory p = defaultParams();
        p.leaseCooldown = 365 days + 1;
        expectOutOfBounds(p, "leaseCooldown", 365 days + 1, 365 days);
    }

    function test_setParams_zeroTreasury_reverts() public {
        ICoordinator.Params memory p = defaultParams();
        p.treasury = address(0);
        expectInvalidParams(p, "treasury");
    }

    function test_setParams_failedUpdate_keepsOldParams() public {
        ICoordinator.Params memory p = defaultParams();
        p.treasury = address(0);
        p.expirySlashBps = 1;
        vm.prank(admin);
        try coordinator.setParams(p) {
            fail();
        } catch {}
        assertEq(abi.encode(coordinator.params()), abi.encode(defaultParams()));
    }

    // ------------------------------------------------------------------ setCourt

    function freshCoordinator() internal returns (Coordinator c) {
        c = new Coordinator(admin, IRewardToken(address(token)), defaultParams());
    }

    function test_setCourt_firstTime_setsAndEmits() public {
        Coordinator c = freshCoordinator();
        DisputeCourt own = new DisputeCourt(admin, token, c, defaultCourtParams());
        assertEq(address(c.court()), address(0));
        vm.expectEmit(true, true, true, true, address(c));
        emit ICoordinator.CourtSet(address(own));
        vm.prank(admin);
        c.setCourt(own);
        assertEq(address(c.court()), address(own));
    }

    /// @dev Issue 11: a court built for another coordinator was accepted, for good; every openCase then
    ///      reverted and no fraud could be disputed.
    function test_setCourt_courtOfAnotherCoordinator_reverts() public {
        Coordinator c = freshCoordinator();
        vm.expectRevert(
            abi.encodeWithSelector(
                ICoordinator.CourtCoordinatorMismatch.selector, address(court), address(coordinator)
            )
        );
        vm.prank(admin);
        c.setCourt(court);
        assertEq(address(c.court()), address(0));
    }

    function test_setCourt_secondTime_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ICoordinator.CourtAlreadySet.selector, address(court)));
        vm.prank(admin);
        coordinator.setCourt(IDisputeCourt(makeAddr("otherCourt")));
        assertEq(address(coordinator.court()), address(court));
    }

    function test_setCourt_withoutAdminRole_reverts() public {
        Coordinator c = freshCoordinator();
        bytes32 role = c.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role)
        );
        vm.prank(alice);
        c.setCourt(court);
    }

    // ------------------------------------------------------------------ views

    function test_counters_countRunsLeasesAndDisputes() public {
        assertEq(coordinator.runCount(), 1);
        assertEq(coordinator.leaseCount(), 0);
        assertEq(coordinator.disputeCount(), 0);
        (uint256 s, Commitment memory c) = work(alice, 3);
        acquire(bob);
        dispute(carol, s, c, 3);
        createRunAs(admin, defaultRunConfig());
        assertEq(coordinator.runCount(), 2);
        assertEq(coordinator.leaseCount(), 2);
        assertEq(coordinator.disputeCount(), 1);
    }

    function test_views_unknownIds_returnEmptyRecords() public view {
        ICoordinator.Lease memory l = coordinator.lease(77);
        assertEq(l.holder, address(0));
        assertEq(l.bond, 0);
        assertEq(l.lastStep, 0);
        assertEq(uint8(l.status), uint8(ICoordinator.Status.None));
        assertEq(coordinator.dispute(77).challenger, address(0));
        assertEq(uint8(coordinator.dispute(77).status), uint8(ICoordinator.DisputeStatus.None));
        assertEq(coordinator.runConfig(77).stepsPerLease, 0);
        assertEq(coordinator.credits(alice), 0);
    }

    function test_stepLeaf_matchesLibraryAndAbiEncoding() public view {
        bytes32 root = keccak256("root");
        bytes32 expected = keccak256(abi.encode(uint256(7), uint256(12), root, uint256(0x3f800000)));
        assertEq(coordinator.stepLeaf(7, 12, root, 0x3f800000), expected);
        assertEq(StepRecords.leaf(7, 12, root, 0x3f800000), expected);
        // The leaf binds run and step: a record cannot be replayed at another position or in another run.
        assertTrue(coordinator.stepLeaf(8, 12, root, 0x3f800000) != expected);
        assertTrue(coordinator.stepLeaf(7, 13, root, 0x3f800000) != expected);
    }

    /// @dev Issue 11: ETH forced in by selfdestruct used to count as locked value and could never leave.
    function test_sweepExcess_forcedEth_trackedApartAndSwept() public {
        uint256 id = acquire(alice);
        vm.deal(address(coordinator), address(coordinator).balance + 3 ether); // what a selfdestruct does
        assertEq(coordinator.lockedWei(), WORKER_BOND, "forced ETH is not locked value");
        assertEq(coordinator.excessWei(), 3 ether);
        vm.expectEmit(true, true, true, true, address(coordinator));
        emit ICoordinator.ExcessSwept(treasury, 3 ether);
        vm.prank(admin);
        assertEq(coordinator.sweepExcess(), 3 ether);
        assertEq(coordinator.credits(treasury), 3 ether);
        assertEq(coordinator.excessWei(), 0);
        assertEq(coordinator.lockedWei(), WORKER_BOND);
        vm.expectRevert(ICoordinator.NoExcess.selector);
        vm.prank(admin);
        coordinator.sweepExcess();
        submitLease(alice, id, 0);
        assertBooks();
    }

    function test_sweepExcess_withoutAdminRole_reverts() public {
        bytes32 role = coordinator.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role)
        );
        vm.prank(alice);
        coordinator.sweepExcess();
    }

    function test_lockedWei_tracksBondsHeld() public {
        assertEq(coordinator.lockedWei(), 0);
        uint256 id = acquire(alice);
        assertEq(coordinator.lockedWei(), WORKER_BOND);
        Commitment memory c = submitLease(alice, id, 2);
        assertEq(coordinator.lockedWei(), WORKER_BOND);
        dispute(carol, id, c, 2);
        assertEq(coordinator.lockedWei(), WORKER_BOND + CHALLENGER_BOND);
        assertBooks();
    }
}
