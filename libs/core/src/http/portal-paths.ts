/**
 * The self-service portal's pages. The API answers these paths with the
 * portal page; anything else
 * outside /api and /admin is a 404.
 */
export const PORTAL_PATHS: readonly string[] = [
  '/',
  '/reset',
  '/change-password',
  '/forgot-password',
  '/contact',
  '/authenticator',
  '/personal-email',
  '/manager-approval',
  '/help',
];
