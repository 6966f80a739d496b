// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibDiamond} from "../libraries/LibDiamond.sol";
import {LibCoreStorage} from "../libraries/LibCoreStorage.sol";
import {LibRewardsStorage} from "../libraries/LibRewardsStorage.sol";

/// @title RewardsFacet (v1): rewards for governance participants
/// @notice A distributor credits rewards; participants claim them. Storage: `dloop.storage.rewards.v1`.
/// Replaced by RewardsV2Facet (contracts/upgrades) through a governance cut that runs RewardsMigrationV2.
contract RewardsFacet {
    error NotRewardsDistributor(address caller);
    error NothingToClaim(address account);

    event RewardCredited(address indexed account, uint256 amount);
    event RewardsClaimed(address indexed account, uint256 amount);
    event RewardsDistributorSet(address indexed distributor);

    function creditReward(address account, uint256 amount) external {
        LibRewardsStorage.Layout storage l = LibRewardsStorage.getStorage();
        if (msg.sender != l.distributor) revert NotRewardsDistributor(msg.sender);
        if (!l.isParticipant[account]) {
            l.isParticipant[account] = true;
            l.participants.push(account);
        }
        l.pending[account] += amount;
        l.totalDistributed += amount;
        emit RewardCredited(account, amount);
    }

    function claimRewards() external returns (uint256 amount) {
        LibCoreStorage.enforceNotPaused();
        LibRewardsStorage.Layout storage l = LibRewardsStorage.getStorage();
        amount = l.pending[msg.sender];
        if (amount == 0) revert NothingToClaim(msg.sender);
        l.pending[msg.sender] = 0;
        l.claimed[msg.sender] += amount;
        emit RewardsClaimed(msg.sender, amount);
    }

    function setRewardsDistributor(address distributor) external {
        LibDiamond.enforceIsContractOwner();
        LibRewardsStorage.getStorage().distributor = distributor;
        emit RewardsDistributorSet(distributor);
    }

    function rewardsDistributor() external view returns (address) {
        return LibRewardsStorage.getStorage().distributor;
    }

    function pendingRewards(address account) external view returns (uint256) {
        return LibRewardsStorage.getStorage().pending[account];
    }

    function claimedRewards(address account) external view returns (uint256) {
        return LibRewardsStorage.getStorage().claimed[account];
    }

    function totalRewardsDistributed() external view returns (uint256) {
        return LibRewardsStorage.getStorage().totalDistributed;
    }

    function rewardParticipantCount() external view returns (uint256) {
        return LibRewardsStorage.getStorage().participants.length;
    }

    /// @notice Which rewards storage layout this facet reads (1 = `dloop.storage.rewards.v1`).
    function rewardsStorageVersion() external pure returns (uint256) {
        return 1;
    }
}
