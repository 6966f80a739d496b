// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title LibRewardsStorage (v1): rewards owed to governance participants
/// @dev Namespace `dloop.storage.rewards.v1` (keccak256 of the id). Superseded by LibRewardsStorageV2;
/// RewardsMigrationV2 copies this layout into v2. The v1 data is left in place so a rollback to
/// RewardsFacet (v1) finds the pre-upgrade state.
library LibRewardsStorage {
    bytes32 internal constant STORAGE_POSITION = keccak256("dloop.storage.rewards.v1");

    struct Layout {
        mapping(address => uint256) pending;
        mapping(address => uint256) claimed;
        // Every account ever credited: a mapping cannot be enumerated, a migration needs the keys.
        address[] participants;
        mapping(address => bool) isParticipant;
        uint256 totalDistributed;
        address distributor;
    }

    function getStorage() internal pure returns (Layout storage l) {
        bytes32 position = STORAGE_POSITION;
        assembly {
            l.slot := position
        }
    }
}
