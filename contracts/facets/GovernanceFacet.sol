// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibDiamond} from "../libraries/LibDiamond.sol";
import {LibGovernanceStorage} from "../libraries/LibGovernanceStorage.sol";

/// @title GovernanceFacet: read-only view of who governs this diamond
/// @notice The link is written once by DiamondInit; changing it takes a cut (itself a governance decision).
/// Deliberately has no `owner()`: OwnershipFacet is the one facet that exposes it.
contract GovernanceFacet {
    function governanceLink() external view returns (address dao, address votesToken, address guardianAddress) {
        LibGovernanceStorage.Layout storage l = LibGovernanceStorage.getStorage();
        return (l.protocolDAO, l.token, l.guardian);
    }

    function protocolDAO() external view returns (address) {
        return LibGovernanceStorage.getStorage().protocolDAO;
    }

    function governanceToken() external view returns (address) {
        return LibGovernanceStorage.getStorage().token;
    }

    function emergencyGuardian() external view returns (address) {
        return LibGovernanceStorage.getStorage().guardian;
    }

    /// @notice True once ownership (the right to cut) has been handed to the ProtocolDAO.
    function isGovernedByDAO() external view returns (bool) {
        address dao = LibGovernanceStorage.getStorage().protocolDAO;
        return dao != address(0) && LibDiamond.contractOwner() == dao;
    }
}
