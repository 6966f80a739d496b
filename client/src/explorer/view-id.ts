/** The Facet Explorer's view id, as package.json `contributes.views` declares it. */
export const VIEW_ID = 'diamond.facetExplorer';
