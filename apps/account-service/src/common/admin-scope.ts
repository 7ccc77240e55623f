/** The scope every admin route requires, and the platform admin client is granted. */
export const ADMIN_SCOPE = 'accounts:admin';
