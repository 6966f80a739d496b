// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibDiamond} from "../libraries/LibDiamond.sol";
import {LibBridgeStorage} from "../libraries/LibBridgeStorage.sol";
import {LibCoreStorage} from "../libraries/LibCoreStorage.sol";

/// @title BridgeFacet: Hedera bridge bookkeeping
/// @notice Outbound messages get consecutive nonces; inbound messages must arrive in nonce order from the relayer,
/// so a message can neither be replayed nor skipped.
contract BridgeFacet {
    error ZeroAmount();
    error NotBridgeRelayer(address caller);
    error InvalidInboundNonce(uint64 expected, uint64 received);

    event BridgeMessageSent(uint64 indexed nonce, address indexed sender, bytes32 hederaAccount, uint256 amount);
    event BridgeMessageReceived(uint64 indexed nonce, address indexed recipient, uint256 amount);
    event BridgeRelayerSet(address indexed relayer);

    function sendToHedera(bytes32 hederaAccount, uint256 amount) external returns (uint64 nonce) {
        LibCoreStorage.enforceNotPaused();
        if (amount == 0) revert ZeroAmount();
        LibBridgeStorage.Layout storage l = LibBridgeStorage.getStorage();
        nonce = ++l.outboundNonce;
        l.outboundMessageHash[nonce] = keccak256(abi.encode(block.chainid, nonce, msg.sender, hederaAccount, amount));
        emit BridgeMessageSent(nonce, msg.sender, hederaAccount, amount);
    }

    function receiveFromHedera(uint64 nonce, address recipient, uint256 amount) external {
        LibCoreStorage.enforceNotPaused();
        LibBridgeStorage.Layout storage l = LibBridgeStorage.getStorage();
        if (msg.sender != l.relayer) revert NotBridgeRelayer(msg.sender);
        uint64 expected = l.inboundNonce + 1;
        if (nonce != expected) revert InvalidInboundNonce(expected, nonce);
        l.inboundNonce = nonce;
        emit BridgeMessageReceived(nonce, recipient, amount);
    }

    function setBridgeRelayer(address relayer) external {
        LibDiamond.enforceIsContractOwner();
        LibBridgeStorage.getStorage().relayer = relayer;
        emit BridgeRelayerSet(relayer);
    }

    function bridgeRelayer() external view returns (address) {
        return LibBridgeStorage.getStorage().relayer;
    }

    function bridgeNonces() external view returns (uint64 outbound, uint64 inbound) {
        LibBridgeStorage.Layout storage l = LibBridgeStorage.getStorage();
        return (l.outboundNonce, l.inboundNonce);
    }

    function outboundMessageHash(uint64 nonce) external view returns (bytes32) {
        return LibBridgeStorage.getStorage().outboundMessageHash[nonce];
    }
}
