// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDiamondCut} from "../interfaces/IDiamondCut.sol";
import {IDiamondLoupe} from "../interfaces/IDiamondLoupe.sol";
import {IERC165} from "../interfaces/IERC165.sol";
import {IERC173} from "../interfaces/IERC173.sol";
import {LibDiamond} from "../libraries/LibDiamond.sol";
import {LibCoreStorage} from "../libraries/LibCoreStorage.sol";
import {LibGovernanceStorage} from "../libraries/LibGovernanceStorage.sol";
import {LibFeeStorage} from "../libraries/LibFeeStorage.sol";
import {LibRewardsStorage} from "../libraries/LibRewardsStorage.sol";
import {LibBridgeStorage} from "../libraries/LibBridgeStorage.sol";

/// @title DiamondInit: first set-up of the DLOOP diamond
/// @notice Init call of the first cut (delegatecalled by the diamond): ERC-165 flags, protocol version,
/// governance link, fee rates, rewards distributor and bridge relayer. Runs once: a second run reverts.
contract DiamondInit {
    struct InitArgs {
        address protocolDAO;
        address token;
        address guardian;
        uint16 investFeeBps;
        uint16 divestFeeBps;
        address feeRecipient;
        address rewardsDistributor;
        address bridgeRelayer;
    }

    error AlreadyInitialized();

    event DloopInitialized(address indexed protocolDAO, address indexed token, address indexed guardian);

    function init(InitArgs calldata args) external {
        LibCoreStorage.Layout storage core = LibCoreStorage.getStorage();
        if (core.protocolVersion != 0) revert AlreadyInitialized();
        core.protocolVersion = 1;

        LibDiamond.DiamondStorage storage ds = LibDiamond.diamondStorage();
        ds.supportedInterfaces[type(IERC165).interfaceId] = true;
        ds.supportedInterfaces[type(IDiamondCut).interfaceId] = true;
        ds.supportedInterfaces[type(IDiamondLoupe).interfaceId] = true;
        ds.supportedInterfaces[type(IERC173).interfaceId] = true;

        LibGovernanceStorage.Layout storage gov = LibGovernanceStorage.getStorage();
        gov.protocolDAO = args.protocolDAO;
        gov.token = args.token;
        gov.guardian = args.guardian;

        LibFeeStorage.setRates(args.investFeeBps, args.divestFeeBps);
        LibFeeStorage.getStorage().feeRecipient = args.feeRecipient;
        LibRewardsStorage.getStorage().distributor = args.rewardsDistributor;
        LibBridgeStorage.getStorage().relayer = args.bridgeRelayer;

        emit DloopInitialized(args.protocolDAO, args.token, args.guardian);
    }
}
