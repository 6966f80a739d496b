// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title LibCoreStorage: protocol parameters and the pause switch
/// @dev ERC-7201 namespace `dloop.storage.core.v1`. Other facets read `paused` through `enforceNotPaused`.
library LibCoreStorage {
    /// @custom:storage-location erc7201:dloop.storage.core.v1
    struct Layout {
        bool paused;
        uint64 pausedAt;
        uint32 protocolVersion;
        mapping(bytes32 => uint256) parameters;
    }

    // keccak256(abi.encode(uint256(keccak256("dloop.storage.core.v1")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 internal constant STORAGE_POSITION = 0x1fb1fbd1f504f9fefacdf3508c986fa35137c31fcb216484baaec4e308946500;

    error ProtocolPaused();

    function getStorage() internal pure returns (Layout storage l) {
        bytes32 position = STORAGE_POSITION;
        assembly {
            l.slot := position
        }
    }

    function enforceNotPaused() internal view {
        if (getStorage().paused) revert ProtocolPaused();
    }
}
