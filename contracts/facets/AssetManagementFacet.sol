// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibAssetManagementStorage} from "../libraries/LibAssetManagementStorage.sol";
import {LibCoreStorage} from "../libraries/LibCoreStorage.sol";
import {LibFeeStorage} from "../libraries/LibFeeStorage.sol";

/// @title AssetManagementFacet: the AssetDAO's invest/divest bookkeeping
/// @notice Records positions net of fees. Depends on Fee (rates, fee book) and Core (pause).
contract AssetManagementFacet {
    error ZeroAmount();
    error InsufficientInvestment(address investor, uint256 requested, uint256 available);

    event Invested(address indexed investor, uint256 amount, uint256 fee);
    event Divested(address indexed investor, uint256 amount, uint256 fee);

    /// @return credited the amount added to the caller's position after the invest fee
    function invest(uint256 amount) external returns (uint256 credited) {
        LibCoreStorage.enforceNotPaused();
        if (amount == 0) revert ZeroAmount();
        uint256 fee = LibFeeStorage.charge(amount, LibFeeStorage.getStorage().investFeeBps);
        credited = amount - fee;
        LibAssetManagementStorage.Layout storage l = LibAssetManagementStorage.getStorage();
        if (l.invested[msg.sender] == 0) ++l.investorCount;
        l.invested[msg.sender] += credited;
        l.totalInvested += credited;
        emit Invested(msg.sender, amount, fee);
    }

    /// @return paidOut the amount leaving the caller's position after the divest fee
    function divest(uint256 amount) external returns (uint256 paidOut) {
        LibCoreStorage.enforceNotPaused();
        if (amount == 0) revert ZeroAmount();
        LibAssetManagementStorage.Layout storage l = LibAssetManagementStorage.getStorage();
        uint256 available = l.invested[msg.sender];
        if (amount > available) revert InsufficientInvestment(msg.sender, amount, available);
        l.invested[msg.sender] = available - amount;
        if (available == amount) --l.investorCount;
        l.totalInvested -= amount;
        uint256 fee = LibFeeStorage.charge(amount, LibFeeStorage.getStorage().divestFeeBps);
        paidOut = amount - fee;
        emit Divested(msg.sender, amount, fee);
    }

    function investedBalanceOf(address investor) external view returns (uint256) {
        return LibAssetManagementStorage.getStorage().invested[investor];
    }

    function totalInvested() external view returns (uint256) {
        return LibAssetManagementStorage.getStorage().totalInvested;
    }

    function investorCount() external view returns (uint256) {
        return LibAssetManagementStorage.getStorage().investorCount;
    }
}
