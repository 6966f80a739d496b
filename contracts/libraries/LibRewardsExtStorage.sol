// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title LibRewardsExtStorage: extension storage for fields added after v2
/// @dev ERC-7201 namespace `dloop.storage.rewardsExt.v1`. The extension pattern: new features get their own
/// namespace instead of growing an existing struct, so no existing layout changes and no data moves.
library LibRewardsExtStorage {
    /// @custom:storage-location erc7201:dloop.storage.rewardsExt.v1
    struct Layout {
        // Applied to every credited reward; 10_000 = 1x.
        uint16 multiplierBps;
        mapping(address => uint64) lastClaimAt;
    }

    // keccak256(abi.encode(uint256(keccak256("dloop.storage.rewardsExt.v1")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 internal constant STORAGE_POSITION = 0x31d6ac5f838a4d972b5c057db8859fffa901aea835049b6cc148a11f98e1f800;

    uint16 internal constant ONE_X_BPS = 10_000;
    uint16 internal constant MAX_MULTIPLIER_BPS = 5 * ONE_X_BPS;

    error MultiplierOutOfRange(uint16 multiplierBps);

    event RewardMultiplierSet(uint16 multiplierBps);

    function getStorage() internal pure returns (Layout storage l) {
        bytes32 position = STORAGE_POSITION;
        assembly {
            l.slot := position
        }
    }

    function setMultiplier(uint16 multiplierBps) internal {
        if (multiplierBps == 0 || multiplierBps > MAX_MULTIPLIER_BPS) revert MultiplierOutOfRange(multiplierBps);
        getStorage().multiplierBps = multiplierBps;
        emit RewardMultiplierSet(multiplierBps);
    }
}
