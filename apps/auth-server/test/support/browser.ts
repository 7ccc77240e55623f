/** The page-route browser now lives in @charter/testing, shared with the account service's tests. */
export { Browser, Page, pkce } from '@charter/testing';
