// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title LibBridgeStorage: Hedera bridge message nonces
/// @dev Namespace `dloop.storage.bridge.v1` (keccak256 of the id).
library LibBridgeStorage {
    bytes32 internal constant STORAGE_POSITION = keccak256("dloop.storage.bridge.v1");

    struct Layout {
        uint64 outboundNonce;
        uint64 inboundNonce;
        address relayer;
        // nonce => keccak256 of the outbound message, so the relayer's proof can be checked on chain
        mapping(uint64 => bytes32) outboundMessageHash;
    }

    function getStorage() internal pure returns (Layout storage l) {
        bytes32 position = STORAGE_POSITION;
        assembly {
            l.slot := position
        }
    }
}
