// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Vote weights frozen at past blocks (what ProtocolDAO counts)
interface IPastVotes {
    function getPastVotes(address account, uint256 blockNumber) external view returns (uint256);

    function getPastTotalSupply(uint256 blockNumber) external view returns (uint256);
}
