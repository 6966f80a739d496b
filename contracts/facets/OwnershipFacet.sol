// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC173} from "../interfaces/IERC173.sol";
import {LibDiamond} from "../libraries/LibDiamond.sol";

/// @title OwnershipFacet: ERC-173 owner of the diamond
/// @dev The only facet exposing `owner()`. The owner may cut; DLOOP hands ownership to the ProtocolDAO.
contract OwnershipFacet is IERC173 {
    function owner() external view override returns (address owner_) {
        return LibDiamond.contractOwner();
    }

    function transferOwnership(address _newOwner) external override {
        LibDiamond.enforceIsContractOwner();
        LibDiamond.setContractOwner(_newOwner);
    }
}
