// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title LibFeeStorage: fee rates on invest/divest and the fees collected
/// @dev ERC-7201 namespace `dloop.storage.fee.v1`. AssetManagementFacet charges fees through `charge`.
library LibFeeStorage {
    /// @custom:storage-location erc7201:dloop.storage.fee.v1
    struct Layout {
        uint16 investFeeBps;
        uint16 divestFeeBps;
        address feeRecipient;
        uint256 collectedFees;
    }

    // keccak256(abi.encode(uint256(keccak256("dloop.storage.fee.v1")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 internal constant STORAGE_POSITION = 0x5b32f0d831909f5f4f628fb5a81fea96db3c993f1395c2b8380041ba999e7f00;

    /// @notice 10 %: the highest fee governance may set.
    uint16 internal constant MAX_FEE_BPS = 1000;
    uint256 internal constant BPS = 10_000;

    error FeeTooHigh(uint16 feeBps, uint16 maxFeeBps);

    event FeeRatesSet(uint16 investFeeBps, uint16 divestFeeBps);

    function getStorage() internal pure returns (Layout storage l) {
        bytes32 position = STORAGE_POSITION;
        assembly {
            l.slot := position
        }
    }

    function setRates(uint16 investFeeBps, uint16 divestFeeBps) internal {
        if (investFeeBps > MAX_FEE_BPS) revert FeeTooHigh(investFeeBps, MAX_FEE_BPS);
        if (divestFeeBps > MAX_FEE_BPS) revert FeeTooHigh(divestFeeBps, MAX_FEE_BPS);
        Layout storage l = getStorage();
        l.investFeeBps = investFeeBps;
        l.divestFeeBps = divestFeeBps;
        emit FeeRatesSet(investFeeBps, divestFeeBps);
    }

    function feeOn(uint256 amount, uint16 feeBps) internal pure returns (uint256) {
        return (amount * feeBps) / BPS;
    }

    /// @notice Books the fee on `amount` at `feeBps` and returns it.
    function charge(uint256 amount, uint16 feeBps) internal returns (uint256 fee) {
        fee = feeOn(amount, feeBps);
        getStorage().collectedFees += fee;
    }
}
