// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Never deployed: its runtime code is placed at LOUPE_PROBE_ADDRESS by an eth_call state
/// override, and called with the diamond's address. It calls the diamond's facets() and returns
/// that return data unchanged together with the EXTCODEHASH of every facet, so the loupe learns
/// which facet code it has matched before without downloading any code. (Run as creation code
/// instead, its output would count as deployed code and hit the 24 KB limit on large diamonds.)
/// Compiled into chain/src/probe/loupe-probe-code.ts by chain/src/tools/generate-loupe-probe.ts.
contract LoupeProbe {
    fallback(bytes calldata input) external returns (bytes memory) {
        address diamond = abi.decode(input, (address));
        (bool ok, bytes memory ret) = diamond.staticcall(abi.encodeWithSelector(0x7a0ed627));
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        // Only the facet addresses are read, straight from the ABI offsets: abi.decode of the whole
        // (address, bytes4[])[] would copy every selector and double the node's time on large diamonds.
        bytes32[] memory hashes;
        assembly {
            let base := add(ret, 32)
            let end := add(base, mload(ret))
            if lt(mload(ret), 64) {
                revert(0, 0)
            }
            let arr := add(base, mload(base))
            if gt(add(arr, 32), end) {
                revert(0, 0)
            }
            let n := mload(arr)
            let heads := add(arr, 32)
            if gt(add(heads, mul(n, 32)), end) {
                revert(0, 0)
            }
            hashes := mload(0x40)
            mstore(hashes, n)
            mstore(0x40, add(hashes, mul(add(n, 1), 32)))
            for {
                let i := 0
            } lt(i, n) {
                i := add(i, 1)
            } {
                let tuple := add(heads, mload(add(heads, mul(i, 32))))
                if gt(add(tuple, 32), end) {
                    revert(0, 0)
                }
                mstore(add(hashes, mul(add(i, 1), 32)), extcodehash(mload(tuple)))
            }
        }
        return abi.encode(ret, hashes);
    }
}
