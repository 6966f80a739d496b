// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Quotes prices for the diamond. Exposes feeBps() too, which FeeFacet also exposes:
/// both cannot be cut into one diamond (duplicate-selector on both files).
contract PricingFacet {
    function quote(uint256 amount) external pure returns (uint256) {
        return amount * 2;
    }

    function feeBps() external pure returns (uint16) {
        return 30;
    }
}
