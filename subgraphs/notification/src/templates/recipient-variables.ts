/**
 * Filled from the recipient's contact details for every message (empty for explicit recipients unless
 * given). The kinds booking requests, and the variables each carries, are in @showstream/contracts
 * (NOTIFICATION_TRIGGERS); other kinds are admins' own (e.g. PROMOTION), whose variables are whatever
 * their templates use.
 */
export const RECIPIENT_VARIABLES = ['firstName', 'lastName'] as const;
