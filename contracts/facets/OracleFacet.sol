// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibDiamond} from "../libraries/LibDiamond.sol";
import {LibOracleStorage} from "../libraries/LibOracleStorage.sol";

/// @title OracleFacet: price feeds chosen by governance
/// @notice Governance names a reporter per asset; only that reporter posts the asset's price.
contract OracleFacet {
    error NotFeedReporter(address asset, address caller);
    error NoPriceFeed(address asset);
    error NoPriceYet(address asset);
    error StalePrice(address asset, uint64 updatedAt, uint64 maxPriceAge);

    event PriceFeedSet(address indexed asset, address indexed reporter, uint8 decimals);
    event PriceReported(address indexed asset, uint256 price);
    event MaxPriceAgeSet(uint64 maxPriceAge);

    function setPriceFeed(address asset, address reporter, uint8 decimals) external {
        LibDiamond.enforceIsContractOwner();
        LibOracleStorage.Feed storage feed = LibOracleStorage.getStorage().feeds[asset];
        feed.reporter = reporter;
        feed.decimals = decimals;
        emit PriceFeedSet(asset, reporter, decimals);
    }

    function setMaxPriceAge(uint64 maxPriceAge_) external {
        LibDiamond.enforceIsContractOwner();
        LibOracleStorage.getStorage().maxPriceAge = maxPriceAge_;
        emit MaxPriceAgeSet(maxPriceAge_);
    }

    function reportPrice(address asset, uint256 price) external {
        LibOracleStorage.Feed storage feed = LibOracleStorage.getStorage().feeds[asset];
        if (feed.reporter == address(0)) revert NoPriceFeed(asset);
        if (msg.sender != feed.reporter) revert NotFeedReporter(asset, msg.sender);
        feed.price = price;
        feed.updatedAt = uint64(block.timestamp);
        emit PriceReported(asset, price);
    }

    function latestPrice(address asset) external view returns (uint256 price, uint8 decimals, uint64 updatedAt) {
        LibOracleStorage.Layout storage l = LibOracleStorage.getStorage();
        LibOracleStorage.Feed storage feed = l.feeds[asset];
        if (feed.reporter == address(0)) revert NoPriceFeed(asset);
        if (feed.updatedAt == 0) revert NoPriceYet(asset);
        if (l.maxPriceAge != 0 && block.timestamp - feed.updatedAt > l.maxPriceAge) {
            revert StalePrice(asset, feed.updatedAt, l.maxPriceAge);
        }
        return (feed.price, feed.decimals, feed.updatedAt);
    }

    function priceFeed(address asset) external view returns (address reporter, uint8 decimals) {
        LibOracleStorage.Feed storage feed = LibOracleStorage.getStorage().feeds[asset];
        return (feed.reporter, feed.decimals);
    }

    function maxPriceAge() external view returns (uint64) {
        return LibOracleStorage.getStorage().maxPriceAge;
    }
}
