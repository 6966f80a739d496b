// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibDiamond} from "../libraries/LibDiamond.sol";
import {LibFeeStorage} from "../libraries/LibFeeStorage.sol";

/// @title FeeFacet: fee rates on invest/divest, set by governance, and the fee book
contract FeeFacet {
    error ZeroFeeRecipient();

    event FeeRecipientSet(address indexed recipient);

    function setFeeRates(uint16 investFeeBps, uint16 divestFeeBps) external {
        LibDiamond.enforceIsContractOwner();
        LibFeeStorage.setRates(investFeeBps, divestFeeBps);
    }

    function feeRates() external view returns (uint16 investFeeBps, uint16 divestFeeBps) {
        LibFeeStorage.Layout storage l = LibFeeStorage.getStorage();
        return (l.investFeeBps, l.divestFeeBps);
    }

    function setFeeRecipient(address recipient) external {
        LibDiamond.enforceIsContractOwner();
        if (recipient == address(0)) revert ZeroFeeRecipient();
        LibFeeStorage.getStorage().feeRecipient = recipient;
        emit FeeRecipientSet(recipient);
    }

    function feeRecipient() external view returns (address) {
        return LibFeeStorage.getStorage().feeRecipient;
    }

    function collectedFees() external view returns (uint256) {
        return LibFeeStorage.getStorage().collectedFees;
    }

    function previewInvestFee(uint256 amount) external view returns (uint256) {
        return LibFeeStorage.feeOn(amount, LibFeeStorage.getStorage().investFeeBps);
    }

    function previewDivestFee(uint256 amount) external view returns (uint256) {
        return LibFeeStorage.feeOn(amount, LibFeeStorage.getStorage().divestFeeBps);
    }
}
