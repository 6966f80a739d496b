// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibDiamond} from "../libraries/LibDiamond.sol";
import {LibCoreStorage} from "../libraries/LibCoreStorage.sol";
import {LibRewardsStorageV2} from "../libraries/LibRewardsStorageV2.sol";
import {LibRewardsExtStorage} from "../libraries/LibRewardsExtStorage.sol";

/// @title RewardsV2Facet: rewards on the v2 layout plus the reward multiplier (extension storage)
/// @notice Keeps every v1 signature (the upgrade Replaces them) and adds `setRewardMultiplier`,
/// `rewardMultiplier` and `lastClaimAt` (the upgrade Adds them). Not part of the initial diamond: it comes
/// in through the governance upgrade that runs RewardsMigrationV2.
contract RewardsV2Facet {
    error NotRewardsDistributor(address caller);
    error NothingToClaim(address account);
    error RewardOverflow(address account);

    event RewardCredited(address indexed account, uint256 amount);
    event RewardsClaimed(address indexed account, uint256 amount);
    event RewardsDistributorSet(address indexed distributor);

    /// @notice Credits `amount` scaled by the reward multiplier.
    function creditReward(address account, uint256 amount) external {
        LibRewardsStorageV2.Layout storage l = LibRewardsStorageV2.getStorage();
        if (msg.sender != l.distributor) revert NotRewardsDistributor(msg.sender);
        uint256 credited = (amount * LibRewardsExtStorage.getStorage().multiplierBps) / LibRewardsExtStorage.ONE_X_BPS;
        if (!l.isParticipant[account]) {
            l.isParticipant[account] = true;
            l.participants.push(account);
        }
        LibRewardsStorageV2.Account storage acct = l.accounts[account];
        uint256 pending = uint256(acct.pending) + credited;
        if (pending > type(uint128).max) revert RewardOverflow(account);
        acct.pending = uint128(pending);
        l.totalDistributed += credited;
        emit RewardCredited(account, credited);
    }

    function claimRewards() external returns (uint256 amount) {
        LibCoreStorage.enforceNotPaused();
        LibRewardsStorageV2.Account storage acct = LibRewardsStorageV2.getStorage().accounts[msg.sender];
        amount = acct.pending;
        if (amount == 0) revert NothingToClaim(msg.sender);
        uint256 claimed = uint256(acct.claimed) + amount;
        if (claimed > type(uint128).max) revert RewardOverflow(msg.sender);
        acct.pending = 0;
        acct.claimed = uint128(claimed);
        LibRewardsExtStorage.getStorage().lastClaimAt[msg.sender] = uint64(block.timestamp);
        emit RewardsClaimed(msg.sender, amount);
    }

    function setRewardsDistributor(address distributor) external {
        LibDiamond.enforceIsContractOwner();
        LibRewardsStorageV2.getStorage().distributor = distributor;
        emit RewardsDistributorSet(distributor);
    }

    function rewardsDistributor() external view returns (address) {
        return LibRewardsStorageV2.getStorage().distributor;
    }

    function pendingRewards(address account) external view returns (uint256) {
        return LibRewardsStorageV2.getStorage().accounts[account].pending;
    }

    function claimedRewards(address account) external view returns (uint256) {
        return LibRewardsStorageV2.getStorage().accounts[account].claimed;
    }

    function totalRewardsDistributed() external view returns (uint256) {
        return LibRewardsStorageV2.getStorage().totalDistributed;
    }

    function rewardParticipantCount() external view returns (uint256) {
        return LibRewardsStorageV2.getStorage().participants.length;
    }

    /// @notice Which rewards storage layout this facet reads (2 = `dloop.storage.rewards.v2`).
    function rewardsStorageVersion() external pure returns (uint256) {
        return 2;
    }

    // ---- added in v2 (extension storage) ----

    function setRewardMultiplier(uint16 multiplierBps) external {
        LibDiamond.enforceIsContractOwner();
        LibRewardsExtStorage.setMultiplier(multiplierBps);
    }

    function rewardMultiplier() external view returns (uint16) {
        return LibRewardsExtStorage.getStorage().multiplierBps;
    }

    function lastClaimAt(address account) external view returns (uint64) {
        return LibRewardsExtStorage.getStorage().lastClaimAt[account];
    }
}
