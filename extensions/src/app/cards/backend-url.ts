// The backend URL for a card that finds no BACKEND_URL in its context. HubSpot fills the
// config-profile variable into app-hsmeta.json at build time (permittedUrls.fetch); whether a
// deployed card also sees it in context.variables is not documented. If the card says it does
// not know where the server is, put the same URL as the profile's BACKEND_URL here and upload
// again (a test checks the two agree).
export const BUILT_IN_BACKEND_URL = '';
