// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title LibRewardsStorageV2: rewards, re-laid out
/// @dev ERC-7201 namespace `dloop.storage.rewards.v2`. Why a new namespace instead of editing v1: pending and
/// claimed amounts are packed into one slot per account (`Account`), which changes the type of existing
/// fields, an incompatible layout change. Filled from v1 by RewardsMigrationV2 in the Replace cut.
library LibRewardsStorageV2 {
    struct Account {
        uint128 pending;
        uint128 claimed;
    }

    /// @custom:storage-location erc7201:dloop.storage.rewards.v2
    struct Layout {
        mapping(address => Account) accounts;
        address[] participants;
        mapping(address => bool) isParticipant;
        uint256 totalDistributed;
        address distributor;
        bool migratedFromV1;
    }

    // keccak256(abi.encode(uint256(keccak256("dloop.storage.rewards.v2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 internal constant STORAGE_POSITION = 0x226334baf9233cdbaac818ceefb5db74bc0ca072ad6f5c45894224564e824d00;

    function getStorage() internal pure returns (Layout storage l) {
        bytes32 position = STORAGE_POSITION;
        assembly {
            l.slot := position
        }
    }
}
