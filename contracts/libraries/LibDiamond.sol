// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDiamondCut} from "../interfaces/IDiamondCut.sol";

/// @title LibDiamond: the diamond's routing table, ownership and ERC-165 flags
/// @notice Keeps selector -> facet routing in a "cheap loupe" shape (per-facet selector arrays plus a facet list),
/// so the loupe reads what the cut wrote without scanning every selector.
/// @dev Lives in the DLOOP namespace `dloop.storage.diamond.v1` instead of the reference
/// `diamond.standard.diamond.storage`, so every namespace of the DLOOP diamond follows one convention.
library LibDiamond {
    bytes32 internal constant STORAGE_POSITION = keccak256("dloop.storage.diamond.v1");

    struct FacetAddressAndPosition {
        address facetAddress;
        // index of the selector in facetFunctionSelectors[facetAddress].functionSelectors
        uint96 functionSelectorPosition;
    }

    struct FacetFunctionSelectors {
        bytes4[] functionSelectors;
        // index of the facet in facetAddresses
        uint256 facetAddressPosition;
    }

    struct DiamondStorage {
        mapping(bytes4 => FacetAddressAndPosition) selectorToFacetAndPosition;
        mapping(address => FacetFunctionSelectors) facetFunctionSelectors;
        address[] facetAddresses;
        mapping(bytes4 => bool) supportedInterfaces;
        address contractOwner;
    }

    error NotContractOwner(address user, address contractOwner);
    error NoSelectorsProvidedForFacetForCut(address facetAddress);
    error CannotAddSelectorsToZeroAddress(bytes4[] selectors);
    error CannotAddFunctionToDiamondThatAlreadyExists(bytes4 selector);
    error CannotReplaceFunctionsFromFacetWithZeroAddress(bytes4[] selectors);
    error CannotReplaceFunctionThatDoesNotExist(bytes4 selector);
    error CannotReplaceImmutableFunction(bytes4 selector);
    error CannotReplaceFunctionWithTheSameFunctionFromTheSameFacet(bytes4 selector);
    error RemoveFacetAddressMustBeZeroAddress(address facetAddress);
    error CannotRemoveFunctionThatDoesNotExist(bytes4 selector);
    error CannotRemoveImmutableFunction(bytes4 selector);
    error IncorrectFacetCutAction(uint8 action);
    error NoBytecodeAtAddress(address contractAddress);
    error InitAddressZeroButCalldataNotEmpty(bytes calldata_);
    error InitializationFunctionReverted(address init, bytes calldata_);

    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    event DiamondCut(IDiamondCut.FacetCut[] _diamondCut, address _init, bytes _calldata);

    function diamondStorage() internal pure returns (DiamondStorage storage ds) {
        bytes32 position = STORAGE_POSITION;
        assembly {
            ds.slot := position
        }
    }

    function setContractOwner(address newOwner) internal {
        DiamondStorage storage ds = diamondStorage();
        address previousOwner = ds.contractOwner;
        ds.contractOwner = newOwner;
        emit OwnershipTransferred(previousOwner, newOwner);
    }

    function contractOwner() internal view returns (address) {
        return diamondStorage().contractOwner;
    }

    function enforceIsContractOwner() internal view {
        address owner = diamondStorage().contractOwner;
        if (msg.sender != owner) revert NotContractOwner(msg.sender, owner);
    }

    /// @notice Applies every cut in order, emits `DiamondCut`, then runs the init call. Any revert undoes it all.
    function diamondCut(IDiamondCut.FacetCut[] memory cuts, address init, bytes memory initCalldata) internal {
        for (uint256 i; i < cuts.length; ++i) {
            address facet = cuts[i].facetAddress;
            bytes4[] memory selectors = cuts[i].functionSelectors;
            if (selectors.length == 0) revert NoSelectorsProvidedForFacetForCut(facet);
            IDiamondCut.FacetCutAction action = cuts[i].action;
            if (action == IDiamondCut.FacetCutAction.Add) {
                addFunctions(facet, selectors);
            } else if (action == IDiamondCut.FacetCutAction.Replace) {
                replaceFunctions(facet, selectors);
            } else if (action == IDiamondCut.FacetCutAction.Remove) {
                removeFunctions(facet, selectors);
            } else {
                revert IncorrectFacetCutAction(uint8(action));
            }
        }
        emit DiamondCut(cuts, init, initCalldata);
        initializeDiamondCut(init, initCalldata);
    }

    function addFunctions(address facet, bytes4[] memory selectors) internal {
        if (facet == address(0)) revert CannotAddSelectorsToZeroAddress(selectors);
        DiamondStorage storage ds = diamondStorage();
        uint96 position = nextSelectorPosition(ds, facet);
        for (uint256 i; i < selectors.length; ++i) {
            bytes4 selector = selectors[i];
            if (ds.selectorToFacetAndPosition[selector].facetAddress != address(0)) {
                revert CannotAddFunctionToDiamondThatAlreadyExists(selector);
            }
            addFunction(ds, selector, position, facet);
            ++position;
        }
    }

    function replaceFunctions(address facet, bytes4[] memory selectors) internal {
        if (facet == address(0)) revert CannotReplaceFunctionsFromFacetWithZeroAddress(selectors);
        DiamondStorage storage ds = diamondStorage();
        uint96 position = nextSelectorPosition(ds, facet);
        for (uint256 i; i < selectors.length; ++i) {
            bytes4 selector = selectors[i];
            address oldFacet = ds.selectorToFacetAndPosition[selector].facetAddress;
            if (oldFacet == address(0)) revert CannotReplaceFunctionThatDoesNotExist(selector);
            // Functions implemented by the diamond itself are immutable: no cut may re-route them.
            if (oldFacet == address(this)) revert CannotReplaceImmutableFunction(selector);
            if (oldFacet == facet) revert CannotReplaceFunctionWithTheSameFunctionFromTheSameFacet(selector);
            removeFunction(ds, oldFacet, selector);
            addFunction(ds, selector, position, facet);
            ++position;
        }
    }

    function removeFunctions(address facet, bytes4[] memory selectors) internal {
        if (facet != address(0)) revert RemoveFacetAddressMustBeZeroAddress(facet);
        DiamondStorage storage ds = diamondStorage();
        for (uint256 i; i < selectors.length; ++i) {
            bytes4 selector = selectors[i];
            address oldFacet = ds.selectorToFacetAndPosition[selector].facetAddress;
            if (oldFacet == address(0)) revert CannotRemoveFunctionThatDoesNotExist(selector);
            if (oldFacet == address(this)) revert CannotRemoveImmutableFunction(selector);
            removeFunction(ds, oldFacet, selector);
        }
    }

    /// @dev Where `facet`'s next selector goes; a facet seen for the first time joins the facet list.
    function nextSelectorPosition(DiamondStorage storage ds, address facet) private returns (uint96 position) {
        position = uint96(ds.facetFunctionSelectors[facet].functionSelectors.length);
        if (position == 0) {
            // The diamond registers its own (immutable) functions from its constructor, before it has code.
            if (facet != address(this)) enforceHasContractCode(facet);
            ds.facetFunctionSelectors[facet].facetAddressPosition = ds.facetAddresses.length;
            ds.facetAddresses.push(facet);
        }
    }

    function addFunction(DiamondStorage storage ds, bytes4 selector, uint96 position, address facet) private {
        ds.selectorToFacetAndPosition[selector] = FacetAddressAndPosition(facet, position);
        ds.facetFunctionSelectors[facet].functionSelectors.push(selector);
    }

    /// @dev Swap-and-pop keeps both arrays dense; a facet left with no selectors leaves the facet list.
    function removeFunction(DiamondStorage storage ds, address facet, bytes4 selector) private {
        bytes4[] storage facetSelectors = ds.facetFunctionSelectors[facet].functionSelectors;
        uint256 position = ds.selectorToFacetAndPosition[selector].functionSelectorPosition;
        uint256 lastPosition = facetSelectors.length - 1;
        if (position != lastPosition) {
            bytes4 lastSelector = facetSelectors[lastPosition];
            facetSelectors[position] = lastSelector;
            ds.selectorToFacetAndPosition[lastSelector].functionSelectorPosition = uint96(position);
        }
        facetSelectors.pop();
        delete ds.selectorToFacetAndPosition[selector];

        if (lastPosition == 0) {
            uint256 lastFacetPosition = ds.facetAddresses.length - 1;
            uint256 facetPosition = ds.facetFunctionSelectors[facet].facetAddressPosition;
            if (facetPosition != lastFacetPosition) {
                address lastFacet = ds.facetAddresses[lastFacetPosition];
                ds.facetAddresses[facetPosition] = lastFacet;
                ds.facetFunctionSelectors[lastFacet].facetAddressPosition = facetPosition;
            }
            ds.facetAddresses.pop();
            delete ds.facetFunctionSelectors[facet].facetAddressPosition;
        }
    }

    /// @notice Delegatecalls the init contract; its revert reason reaches the caller unchanged.
    function initializeDiamondCut(address init, bytes memory initCalldata) internal {
        if (init == address(0)) {
            if (initCalldata.length != 0) revert InitAddressZeroButCalldataNotEmpty(initCalldata);
            return;
        }
        enforceHasContractCode(init);
        (bool success, bytes memory returnData) = init.delegatecall(initCalldata);
        if (!success) {
            if (returnData.length > 0) {
                assembly {
                    revert(add(returnData, 32), mload(returnData))
                }
            }
            revert InitializationFunctionReverted(init, initCalldata);
        }
    }

    function enforceHasContractCode(address target) internal view {
        if (target.code.length == 0) revert NoBytecodeAtAddress(target);
    }
}
