// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPastVotes} from "./IPastVotes.sol";

/// @title DLOOPToken: the DLOOP ERC-20, whose balances are votes
/// @notice Every balance change writes a per-block checkpoint, so governance can read the votes an account held
/// at a past block (`getPastVotes`) and a vote weight cannot be inflated by moving tokens after a proposal.
/// @dev Minimal by design: fixed supply minted at deployment, no delegation (an account votes with its own
/// balance), no permit.
contract DLOOPToken is IPastVotes {
    struct Checkpoint {
        uint32 fromBlock;
        uint224 votes;
    }

    string public constant name = "DLOOP";
    string public constant symbol = "DLOOP";
    uint8 public constant decimals = 18;

    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    mapping(address => Checkpoint[]) private _voteCheckpoints;
    Checkpoint[] private _supplyCheckpoints;

    error InsufficientBalance(address account, uint256 balance, uint256 needed);
    error InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    error InvalidReceiver(address receiver);
    error FutureLookup(uint256 blockNumber, uint256 currentBlock);
    error VotesOverflow();

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(address initialHolder, uint256 initialSupply) {
        if (initialHolder == address(0)) revert InvalidReceiver(address(0));
        _update(address(0), initialHolder, initialSupply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        if (to == address(0)) revert InvalidReceiver(to);
        _update(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        if (to == address(0)) revert InvalidReceiver(to);
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert InsufficientAllowance(msg.sender, allowed, value);
            allowance[from][msg.sender] = allowed - value;
        }
        _update(from, to, value);
        return true;
    }

    /// @notice Current votes of `account` (its balance).
    function getVotes(address account) external view returns (uint256) {
        Checkpoint[] storage ckpts = _voteCheckpoints[account];
        return ckpts.length == 0 ? 0 : ckpts[ckpts.length - 1].votes;
    }

    /// @notice Votes of `account` at the end of `blockNumber`, which must be in the past.
    function getPastVotes(address account, uint256 blockNumber) external view override returns (uint256) {
        return _lookup(_voteCheckpoints[account], blockNumber);
    }

    function getPastTotalSupply(uint256 blockNumber) external view override returns (uint256) {
        return _lookup(_supplyCheckpoints, blockNumber);
    }

    function numCheckpoints(address account) external view returns (uint256) {
        return _voteCheckpoints[account].length;
    }

    function _update(address from, address to, uint256 value) private {
        if (from == address(0)) {
            totalSupply += value;
            if (totalSupply > type(uint224).max) revert VotesOverflow();
            _writeCheckpoint(_supplyCheckpoints, totalSupply);
        } else {
            uint256 balance = balanceOf[from];
            if (balance < value) revert InsufficientBalance(from, balance, value);
            balanceOf[from] = balance - value;
            _writeCheckpoint(_voteCheckpoints[from], balance - value);
        }
        balanceOf[to] += value;
        _writeCheckpoint(_voteCheckpoints[to], balanceOf[to]);
        emit Transfer(from, to, value);
    }

    function _writeCheckpoint(Checkpoint[] storage ckpts, uint256 newVotes) private {
        uint256 length = ckpts.length;
        // Several changes in one block keep one checkpoint: a past-block lookup sees the block's final value.
        if (length != 0 && ckpts[length - 1].fromBlock == block.number) {
            ckpts[length - 1].votes = uint224(newVotes);
        } else {
            ckpts.push(Checkpoint(uint32(block.number), uint224(newVotes)));
        }
    }

    /// @dev Binary search for the last checkpoint at or before `blockNumber`.
    function _lookup(Checkpoint[] storage ckpts, uint256 blockNumber) private view returns (uint256) {
        if (blockNumber >= block.number) revert FutureLookup(blockNumber, block.number);
        uint256 low;
        uint256 high = ckpts.length;
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (ckpts[mid].fromBlock > blockNumber) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return high == 0 ? 0 : ckpts[high - 1].votes;
    }
}
