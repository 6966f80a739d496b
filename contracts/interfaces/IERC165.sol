// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ERC-165 interface detection
interface IERC165 {
    function supportsInterface(bytes4 interfaceId) external view returns (bool);
}
