/** The Proposals view's id, as package.json `contributes.views` declares it (beside the Facet Explorer). */
export const PROPOSALS_VIEW_ID = 'diamond.proposals';
