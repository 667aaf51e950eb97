/** The Ed25519 public key (AUDIT_CHECKPOINT_PUBLIC_KEY) checkpoints must be signed by to be trusted. */
export const AUDIT_TRUSTED_KEY = Symbol('AUDIT_TRUSTED_KEY');
