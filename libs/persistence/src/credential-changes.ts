/** Where a credential's change is announced (its key hash), on commit: see the credential-changes migration. */
export const CREDENTIALS_CHANNEL = 'dxhub_credentials';
