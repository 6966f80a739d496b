// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibRewardsStorage} from "../libraries/LibRewardsStorage.sol";
import {LibRewardsStorageV2} from "../libraries/LibRewardsStorageV2.sol";
import {LibRewardsExtStorage} from "../libraries/LibRewardsExtStorage.sol";

/// @title RewardsMigrationV2: copies rewards from `dloop.storage.rewards.v1` to `dloop.storage.rewards.v2`
/// @notice Run as the init call of the cut that Replaces RewardsFacet with RewardsV2Facet (delegatecalled by the
/// diamond, so it writes the diamond's storage). Any revert here undoes the whole cut.
/// @dev v1 is read, never cleared: rolling back to RewardsFacet finds the pre-upgrade state. The participant
/// list bounds the loop; a list too long for one block would need a batched migration.
contract RewardsMigrationV2 {
    error RewardsAlreadyMigrated();
    error RewardOverflow(address account);

    event RewardsMigratedToV2(uint256 participants, uint256 totalDistributed, uint16 multiplierBps);

    function migrate(uint16 multiplierBps) external {
        LibRewardsStorage.Layout storage v1 = LibRewardsStorage.getStorage();
        LibRewardsStorageV2.Layout storage v2 = LibRewardsStorageV2.getStorage();
        if (v2.migratedFromV1) revert RewardsAlreadyMigrated();

        uint256 count = v1.participants.length;
        for (uint256 i; i < count; ++i) {
            address account = v1.participants[i];
            uint256 pending = v1.pending[account];
            uint256 claimed = v1.claimed[account];
            if (pending > type(uint128).max || claimed > type(uint128).max) revert RewardOverflow(account);
            v2.accounts[account] = LibRewardsStorageV2.Account(uint128(pending), uint128(claimed));
            v2.isParticipant[account] = true;
            v2.participants.push(account);
        }
        v2.totalDistributed = v1.totalDistributed;
        v2.distributor = v1.distributor;
        v2.migratedFromV1 = true;

        LibRewardsExtStorage.setMultiplier(multiplierBps);
        emit RewardsMigratedToV2(count, v1.totalDistributed, multiplierBps);
    }
}
