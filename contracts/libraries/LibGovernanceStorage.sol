// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title LibGovernanceStorage: the diamond's link to its governance
/// @dev Namespace `dloop.storage.governance.v1` (keccak256 of the id). Written once by DiamondInit.
library LibGovernanceStorage {
    bytes32 internal constant STORAGE_POSITION = keccak256("dloop.storage.governance.v1");

    struct Layout {
        address protocolDAO;
        address token;
        // May pause the protocol (CoreFacet) and fast-track emergency upgrades (ProtocolDAO).
        address guardian;
    }

    function getStorage() internal pure returns (Layout storage l) {
        bytes32 position = STORAGE_POSITION;
        assembly {
            l.slot := position
        }
    }
}
