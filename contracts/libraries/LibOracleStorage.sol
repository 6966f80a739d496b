// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title LibOracleStorage: price feeds chosen by governance and their latest reports
/// @dev ERC-7201 namespace `dloop.storage.oracle.v1`.
library LibOracleStorage {
    struct Feed {
        address reporter;
        uint8 decimals;
        uint64 updatedAt;
        uint256 price;
    }

    /// @custom:storage-location erc7201:dloop.storage.oracle.v1
    struct Layout {
        mapping(address => Feed) feeds;
        // 0 = prices never go stale
        uint64 maxPriceAge;
    }

    // keccak256(abi.encode(uint256(keccak256("dloop.storage.oracle.v1")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 internal constant STORAGE_POSITION = 0x71bad2ee2fc321d4e412dc11629eb0e22ad3cd7efba1821cb96dd63b5ba35600;

    function getStorage() internal pure returns (Layout storage l) {
        bytes32 position = STORAGE_POSITION;
        assembly {
            l.slot := position
        }
    }
}
