// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Collects protocol fees. The e2e test renames the function below in the editor,
/// which must clear the duplicate-selector finding from both facets.
contract FeeFacet {
    event FeeCollected(address to, uint256 amount);

    function feeBps() external pure returns (uint16) {
        return 25;
    }

    function collect(address to, uint256 amount) external {
        emit FeeCollected(to, amount);
    }
}
