import { randomBytes } from 'node:crypto';

/**
 * A sandbox test card of the given kind with a fingerprint of its own (`tok_success_3fa9…`), so
 * per-card fraud velocity rules do not see every test's payments as one card.
 */
export const testCard = (kind: 'success' | 'declined' | 'fraud') => `tok_${kind}_${randomBytes(6).toString('hex')}`;
