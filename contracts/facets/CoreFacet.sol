// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LibDiamond} from "../libraries/LibDiamond.sol";
import {LibCoreStorage} from "../libraries/LibCoreStorage.sol";
import {LibGovernanceStorage} from "../libraries/LibGovernanceStorage.sol";

/// @title CoreFacet: protocol parameters and the emergency pause
/// @notice Parameters are set by the owner (the ProtocolDAO). The guardian may pause; only the owner unpauses,
/// so an emergency stop is fast and a restart is a governance decision.
contract CoreFacet {
    error NotOwnerOrGuardian(address caller);
    error AlreadyInState(bool paused);

    event Paused(address indexed by);
    event Unpaused(address indexed by);
    event ProtocolParameterSet(bytes32 indexed key, uint256 value);

    function pause() external {
        if (msg.sender != LibDiamond.contractOwner() && msg.sender != LibGovernanceStorage.getStorage().guardian) {
            revert NotOwnerOrGuardian(msg.sender);
        }
        LibCoreStorage.Layout storage l = LibCoreStorage.getStorage();
        if (l.paused) revert AlreadyInState(true);
        l.paused = true;
        l.pausedAt = uint64(block.timestamp);
        emit Paused(msg.sender);
    }

    function unpause() external {
        LibDiamond.enforceIsContractOwner();
        LibCoreStorage.Layout storage l = LibCoreStorage.getStorage();
        if (!l.paused) revert AlreadyInState(false);
        l.paused = false;
        l.pausedAt = 0;
        emit Unpaused(msg.sender);
    }

    function paused() external view returns (bool) {
        return LibCoreStorage.getStorage().paused;
    }

    function pausedAt() external view returns (uint64) {
        return LibCoreStorage.getStorage().pausedAt;
    }

    function protocolVersion() external view returns (uint32) {
        return LibCoreStorage.getStorage().protocolVersion;
    }

    function setProtocolParameter(bytes32 key, uint256 value) external {
        LibDiamond.enforceIsContractOwner();
        LibCoreStorage.getStorage().parameters[key] = value;
        emit ProtocolParameterSet(key, value);
    }

    function protocolParameter(bytes32 key) external view returns (uint256) {
        return LibCoreStorage.getStorage().parameters[key];
    }
}
