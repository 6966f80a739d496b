// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title EIP-2535 diamond cut interface
/// @notice Adds, replaces and removes facet functions, then optionally runs an init call.
interface IDiamondCut {
    /// @dev Add = 0, Replace = 1, Remove = 2 (EIP-2535).
    enum FacetCutAction {
        Add,
        Replace,
        Remove
    }

    struct FacetCut {
        address facetAddress;
        FacetCutAction action;
        bytes4[] functionSelectors;
    }

    /// @notice Applies `_diamondCut`, then delegatecalls `_init` with `_calldata` (skipped when `_init` is zero).
    function diamondCut(FacetCut[] calldata _diamondCut, address _init, bytes calldata _calldata) external;

    event DiamondCut(FacetCut[] _diamondCut, address _init, bytes _calldata);
}
