// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDiamondCut} from "../interfaces/IDiamondCut.sol";
import {IERC173} from "../interfaces/IERC173.sol";
import {IPastVotes} from "./IPastVotes.sol";

/// @title ProtocolDAO: the owner of the DLOOP diamond, so every cut is a governance decision
/// @notice Lifecycle: `propose` (a cut or a call on the diamond, with a description) -> `castVote` during the
/// voting period, weighted by DLOOP votes at the block before the proposal -> once voting ends with quorum and a
/// majority, the proposal waits out the timelock -> anyone may `execute` it.
/// Emergency path: the guardian may `fastTrack` a proposal, which executes it at once and flags it
/// `needsReview`. Its vote stays open and serves as the mandatory post-review: once the vote has ratified it
/// (quorum and majority), the guardian calls `markReviewed`. If the vote rejects it, the flag stays and the DAO
/// is expected to pass a rollback proposal.
contract ProtocolDAO {
    enum ProposalState {
        Active,
        Defeated,
        Queued,
        Ready,
        Executed,
        Canceled
    }

    struct Proposal {
        address proposer;
        uint64 snapshotBlock;
        uint64 voteEnd;
        uint64 eta;
        bool executed;
        bool canceled;
        bool fastTracked;
        bool needsReview;
        uint256 quorumVotes;
        uint256 forVotes;
        uint256 againstVotes;
        bytes diamondCalldata;
        string description;
    }

    uint256 private constant BPS = 10_000;

    IPastVotes public immutable token;
    address public immutable deployer;
    address public immutable guardian;
    /// @notice Seconds a proposal is open for votes.
    uint64 public immutable votingPeriod;
    /// @notice Seconds between the end of a successful vote and the earliest execution.
    uint64 public immutable timelockDelay;
    /// @notice Share of the past total supply that must vote in favour.
    uint16 public immutable quorumBps;
    /// @notice Votes (at the previous block) an account needs to propose.
    uint256 public immutable proposalThreshold;

    address public diamond;
    uint256 public proposalCount;
    mapping(uint256 => Proposal) private _proposals;
    mapping(uint256 => mapping(address => bool)) public hasVoted;

    error InvalidGovernanceParameters();
    error NotDeployer(address caller);
    error NotGuardian(address caller);
    error NotProposerOrGuardian(address caller);
    error DiamondAlreadyBound(address diamond);
    error DiamondNotOwnedByDAO(address diamond, address owner);
    error DiamondNotBound();
    error InvalidDiamondCall();
    error InsufficientVotingPower(address account, uint256 votes, uint256 threshold);
    error UnknownProposal(uint256 id);
    error ProposalIsCanceled(uint256 id);
    error ProposalAlreadyExecuted(uint256 id);
    error VotingClosed(uint256 id, uint64 voteEnd);
    error AlreadyVoted(uint256 id, address voter);
    error NoVotingPower(uint256 id, address voter);
    error VotingNotEnded(uint256 id, uint64 voteEnd);
    error QuorumNotMet(uint256 id, uint256 forVotes, uint256 quorumVotes);
    error ProposalDefeated(uint256 id, uint256 forVotes, uint256 againstVotes);
    error TimelockNotExpired(uint256 id, uint64 eta);
    error ReviewNotNeeded(uint256 id);
    error ExecutionFailed(uint256 id);

    event DiamondBound(address indexed diamond);
    event ProposalCreated(
        uint256 indexed id,
        address indexed proposer,
        uint64 snapshotBlock,
        uint64 voteEnd,
        uint64 eta,
        bytes diamondCalldata,
        string description
    );
    event VoteCast(uint256 indexed id, address indexed voter, bool support, uint256 weight);
    event ProposalExecuted(uint256 indexed id, address indexed executor);
    event ProposalCanceled(uint256 indexed id, address indexed by);
    event ProposalFastTracked(uint256 indexed id, address indexed guardian);
    event ProposalReviewed(uint256 indexed id, address indexed reviewer);

    constructor(
        address token_,
        address guardian_,
        uint64 votingPeriod_,
        uint64 timelockDelay_,
        uint16 quorumBps_,
        uint256 proposalThreshold_
    ) {
        if (token_ == address(0) || guardian_ == address(0) || votingPeriod_ == 0) {
            revert InvalidGovernanceParameters();
        }
        if (quorumBps_ == 0 || quorumBps_ > BPS) revert InvalidGovernanceParameters();
        token = IPastVotes(token_);
        deployer = msg.sender;
        guardian = guardian_;
        votingPeriod = votingPeriod_;
        timelockDelay = timelockDelay_;
        quorumBps = quorumBps_;
        proposalThreshold = proposalThreshold_;
    }

    /// @notice Completes the hand-over: the deployer names the diamond once it has transferred ownership here.
    function bindDiamond(address diamond_) external {
        if (msg.sender != deployer) revert NotDeployer(msg.sender);
        if (diamond != address(0)) revert DiamondAlreadyBound(diamond);
        address owner = IERC173(diamond_).owner();
        if (owner != address(this)) revert DiamondNotOwnedByDAO(diamond_, owner);
        diamond = diamond_;
        emit DiamondBound(diamond_);
    }

    /// @notice Proposes `diamondCut(cut, init, initCalldata)`; `description` is the upgrade specification.
    function propose(
        IDiamondCut.FacetCut[] calldata cut,
        address init,
        bytes calldata initCalldata,
        string calldata description
    ) external returns (uint256 id) {
        return _propose(abi.encodeCall(IDiamondCut.diamondCut, (cut, init, initCalldata)), description);
    }

    /// @notice Proposes any owner-only call on the diamond (fee rates, price feeds, unpause, ...).
    function proposeCall(bytes calldata diamondCalldata, string calldata description) external returns (uint256 id) {
        if (diamondCalldata.length < 4) revert InvalidDiamondCall();
        return _propose(diamondCalldata, description);
    }

    function castVote(uint256 id, bool support) external {
        Proposal storage p = _proposal(id);
        if (p.canceled) revert ProposalIsCanceled(id);
        if (block.timestamp > p.voteEnd) revert VotingClosed(id, p.voteEnd);
        if (hasVoted[id][msg.sender]) revert AlreadyVoted(id, msg.sender);
        // Weight is fixed at the proposal's snapshot block: tokens moved afterwards do not vote twice.
        uint256 weight = token.getPastVotes(msg.sender, p.snapshotBlock);
        if (weight == 0) revert NoVotingPower(id, msg.sender);
        hasVoted[id][msg.sender] = true;
        if (support) {
            p.forVotes += weight;
        } else {
            p.againstVotes += weight;
        }
        emit VoteCast(id, msg.sender, support, weight);
    }

    /// @notice Anyone may execute an approved proposal once its timelock has passed.
    function execute(uint256 id) external {
        Proposal storage p = _proposal(id);
        _requireOpen(id, p);
        _requireVotePassed(id, p);
        if (block.timestamp < p.eta) revert TimelockNotExpired(id, p.eta);
        _execute(id, p);
    }

    function cancel(uint256 id) external {
        Proposal storage p = _proposal(id);
        if (msg.sender != p.proposer && msg.sender != guardian) revert NotProposerOrGuardian(msg.sender);
        _requireOpen(id, p);
        p.canceled = true;
        emit ProposalCanceled(id, msg.sender);
    }

    /// @notice Emergency: executes now, skipping vote and timelock; the proposal then needs review.
    function fastTrack(uint256 id) external {
        if (msg.sender != guardian) revert NotGuardian(msg.sender);
        Proposal storage p = _proposal(id);
        _requireOpen(id, p);
        p.fastTracked = true;
        p.needsReview = true;
        emit ProposalFastTracked(id, msg.sender);
        _execute(id, p);
    }

    /// @notice Clears `needsReview` once the proposal's own vote has ratified the fast-tracked change.
    function markReviewed(uint256 id) external {
        if (msg.sender != guardian) revert NotGuardian(msg.sender);
        Proposal storage p = _proposal(id);
        if (!p.needsReview) revert ReviewNotNeeded(id);
        _requireVotePassed(id, p);
        p.needsReview = false;
        emit ProposalReviewed(id, msg.sender);
    }

    function state(uint256 id) external view returns (ProposalState) {
        Proposal storage p = _proposal(id);
        if (p.canceled) return ProposalState.Canceled;
        if (p.executed) return ProposalState.Executed;
        if (block.timestamp <= p.voteEnd) return ProposalState.Active;
        if (p.forVotes < p.quorumVotes || p.forVotes <= p.againstVotes) return ProposalState.Defeated;
        if (block.timestamp < p.eta) return ProposalState.Queued;
        return ProposalState.Ready;
    }

    function getProposal(uint256 id) external view returns (Proposal memory) {
        return _proposal(id);
    }

    function _propose(bytes memory diamondCalldata, string calldata description) private returns (uint256 id) {
        if (diamond == address(0)) revert DiamondNotBound();
        uint256 snapshot = block.number - 1;
        uint256 votes = token.getPastVotes(msg.sender, snapshot);
        if (votes < proposalThreshold) revert InsufficientVotingPower(msg.sender, votes, proposalThreshold);

        id = ++proposalCount;
        Proposal storage p = _proposals[id];
        p.proposer = msg.sender;
        p.snapshotBlock = uint64(snapshot);
        p.voteEnd = uint64(block.timestamp) + votingPeriod;
        p.eta = p.voteEnd + timelockDelay;
        p.quorumVotes = (token.getPastTotalSupply(snapshot) * quorumBps) / BPS;
        p.diamondCalldata = diamondCalldata;
        p.description = description;
        emit ProposalCreated(id, msg.sender, p.snapshotBlock, p.voteEnd, p.eta, diamondCalldata, description);
    }

    function _proposal(uint256 id) private view returns (Proposal storage p) {
        p = _proposals[id];
        if (p.proposer == address(0)) revert UnknownProposal(id);
    }

    function _requireOpen(uint256 id, Proposal storage p) private view {
        if (p.canceled) revert ProposalIsCanceled(id);
        if (p.executed) revert ProposalAlreadyExecuted(id);
    }

    function _requireVotePassed(uint256 id, Proposal storage p) private view {
        if (block.timestamp <= p.voteEnd) revert VotingNotEnded(id, p.voteEnd);
        if (p.forVotes < p.quorumVotes) revert QuorumNotMet(id, p.forVotes, p.quorumVotes);
        if (p.forVotes <= p.againstVotes) revert ProposalDefeated(id, p.forVotes, p.againstVotes);
    }

    function _execute(uint256 id, Proposal storage p) private {
        // Marked first: the diamond call cannot re-enter and execute the proposal twice.
        p.executed = true;
        (bool success, bytes memory returnData) = diamond.call(p.diamondCalldata);
        if (!success) {
            // Bubble the diamond's revert (e.g. CannotReplaceImmutableFunction) so the reason reaches the caller.
            if (returnData.length > 0) {
                assembly {
                    revert(add(returnData, 32), mload(returnData))
                }
            }
            revert ExecutionFailed(id);
        }
        emit ProposalExecuted(id, msg.sender);
    }
}
