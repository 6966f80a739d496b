// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDiamondCut} from "./interfaces/IDiamondCut.sol";
import {LibDiamond} from "./libraries/LibDiamond.sol";

/// @title DLOOP diamond (EIP-2535 proxy)
/// @notice Routes every call by selector to the facet the routing table names, via delegatecall.
/// @dev Registers `diamondCut` (served by DiamondCutFacet) and its own `diamondGenesis()` in the constructor.
/// `diamondGenesis()` is routed to the diamond itself, which makes it an immutable function: no cut can
/// replace or remove it, so the deployment record cannot be rewritten by an upgrade.
contract Diamond {
    error FunctionNotFound(bytes4 selector);

    // Immutables live in code, not storage: they never collide with a facet namespace.
    address private immutable DEPLOYER;
    uint256 private immutable GENESIS_BLOCK;

    constructor(address contractOwner, address diamondCutFacet) payable {
        DEPLOYER = msg.sender;
        GENESIS_BLOCK = block.number;
        LibDiamond.setContractOwner(contractOwner);

        IDiamondCut.FacetCut[] memory cut = new IDiamondCut.FacetCut[](2);
        bytes4[] memory cutSelectors = new bytes4[](1);
        cutSelectors[0] = IDiamondCut.diamondCut.selector;
        cut[0] = IDiamondCut.FacetCut(diamondCutFacet, IDiamondCut.FacetCutAction.Add, cutSelectors);
        bytes4[] memory ownSelectors = new bytes4[](1);
        ownSelectors[0] = Diamond.diamondGenesis.selector;
        cut[1] = IDiamondCut.FacetCut(address(this), IDiamondCut.FacetCutAction.Add, ownSelectors);
        LibDiamond.diamondCut(cut, address(0), "");
    }

    /// @notice Who deployed this diamond and in which block. Immutable: served by the diamond itself.
    function diamondGenesis() external view returns (address deployer, uint256 blockNumber) {
        return (DEPLOYER, GENESIS_BLOCK);
    }

    fallback() external payable {
        LibDiamond.DiamondStorage storage ds = LibDiamond.diamondStorage();
        address facet = ds.selectorToFacetAndPosition[msg.sig].facetAddress;
        if (facet == address(0)) revert FunctionNotFound(msg.sig);
        assembly {
            calldatacopy(0, 0, calldatasize())
            let result := delegatecall(gas(), facet, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch result
            case 0 {
                revert(0, returndatasize())
            }
            default {
                return(0, returndatasize())
            }
        }
    }

    receive() external payable {}
}
