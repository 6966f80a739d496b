// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title LibAssetManagementStorage: AssetDAO investment bookkeeping
/// @dev ERC-7201 namespace `dloop.storage.assetManagement.v1`.
library LibAssetManagementStorage {
    /// @custom:storage-location erc7201:dloop.storage.assetManagement.v1
    struct Layout {
        mapping(address => uint256) invested;
        uint256 totalInvested;
        uint256 investorCount;
    }

    // keccak256(abi.encode(uint256(keccak256("dloop.storage.assetManagement.v1")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 internal constant STORAGE_POSITION = 0x10a64dc3bb555e6b7bfa56dc359ddfb882dea1374b8f04a5f13e4042c20c7c00;

    function getStorage() internal pure returns (Layout storage l) {
        bytes32 position = STORAGE_POSITION;
        assembly {
            l.slot := position
        }
    }
}
