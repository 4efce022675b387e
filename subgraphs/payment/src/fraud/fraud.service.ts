import { randomUUID } from 'node:crypto';
import { run, runOne, type EntityManager } from '@showstream/platform';
import type { PaymentConfig } from '../config.ts';
import type { RiskAssessment } from '../gateways/gateway.ts';
import type { FraudDecision } from './fraud-check.entity.ts';
import { fraudHistory, recordFraudCheck } from './fraud.queries.ts';

/**
 * Fraud rules, evaluated before every charge; every rule that fires is recorded with the decision.
 *
 * | rule               | signal                                                                    | action |
 * | ------------------ | ------------------------------------------------------------------------- | ------ |
 * | GATEWAY_HIGH_RISK  | the gateway's risk assessment of the token is `highest` (sandbox: tok_fraud) | BLOCK  |
 * | GATEWAY_ELEVATED   | the gateway's risk assessment is `elevated` (e.g. an unknown token)          | FLAG   |
 * | USER_VELOCITY      | the user already tried FRAUD_MAX_ATTEMPTS_PER_USER_10M payments in 10 min   | BLOCK  |
 * | CARD_VELOCITY      | the card was tried for FRAUD_MAX_USERS_PER_CARD_24H other users in 24 h     | BLOCK  |
 * | REPEATED_DECLINES  | the user had FRAUD_MAX_DECLINES_PER_USER_1H declined payments in 1 h        | BLOCK  |
 * | AMOUNT_LIMIT       | the amount is above FRAUD_FLAG_AMOUNT_MINOR                                 | FLAG   |
 * | AMOUNT_ANOMALY     | over 5× the user's average succeeded payment (with 3 or more behind it)     | FLAG   |
 *
 * BLOCK fails the payment with code FRAUD_BLOCKED before anything is charged; FLAG lets it through
 * and leaves the reasons for review. Attempts count payments, not confirm calls, so retrying one
 * payment through an outage does not look like velocity.
 */
export interface FraudVerdict {
  decision: FraudDecision;
  reasons: string[];
}

interface FraudInput {
  paymentId: string;
  userId: string;
  amountMinor: number;
  risk: RiskAssessment;
}

export class FraudService {
  readonly #config: PaymentConfig;

  constructor(config: PaymentConfig) {
    this.#config = config;
  }

  /** Evaluates the rules and records the check, inside the caller's transaction (which holds the payment's row lock). */
  async evaluate(tx: EntityManager, input: FraudInput): Promise<FraudVerdict> {
    const history = await runOne(tx, fraudHistory, {
      userId: input.userId,
      paymentId: input.paymentId,
      fingerprint: input.risk.fingerprint,
    });

    const block: string[] = [];
    const flag: string[] = [];
    if (input.risk.level === 'highest') block.push('GATEWAY_HIGH_RISK');
    if (input.risk.level === 'elevated') flag.push('GATEWAY_ELEVATED');
    if (history.attempts >= this.#config.FRAUD_MAX_ATTEMPTS_PER_USER_10M) block.push('USER_VELOCITY');
    if (history.card_users >= this.#config.FRAUD_MAX_USERS_PER_CARD_24H) block.push('CARD_VELOCITY');
    if (history.declines >= this.#config.FRAUD_MAX_DECLINES_PER_USER_1H) block.push('REPEATED_DECLINES');
    if (input.amountMinor > this.#config.FRAUD_FLAG_AMOUNT_MINOR) flag.push('AMOUNT_LIMIT');
    if (history.succeeded >= 3 && history.average && input.amountMinor > 5 * history.average)
      flag.push('AMOUNT_ANOMALY');

    const verdict: FraudVerdict = {
      decision: block.length > 0 ? 'BLOCK' : flag.length > 0 ? 'FLAG' : 'ALLOW',
      reasons: [...block, ...flag],
    };
    await run(tx, recordFraudCheck, {
      id: randomUUID(),
      paymentId: input.paymentId,
      userId: input.userId,
      fingerprint: input.risk.fingerprint,
      amountMinor: input.amountMinor,
      decision: verdict.decision,
      reasons: verdict.reasons,
      riskLevel: input.risk.level,
    });
    return verdict;
  }
}
