import { describe, expect, it } from '@jest/globals';
import { passwordSchema, registerSchema } from '../src/accounts/validation.ts';
import { loyaltyTier } from '../src/loyalty/loyalty-account.entity.ts';

describe('account validation', () => {
  it('normalises email case and whitespace', () => {
    const parsed = registerSchema.parse({
      email: '  Asha@Example.COM ',
      password: 'Passw0rd-ok',
      firstName: 'Asha',
      lastName: 'K',
    });
    expect(parsed.email).toBe('asha@example.com');
  });

  it.each([
    ['short1', false],
    ['longenoughbutnodigit', false],
    ['12345678', false],
    ['Passw0rd', true],
    ['ನಮಸ್ಕಾರ2026', true],
    ['a1'.repeat(65), false],
  ])('password %p acceptable: %p', (password, ok) => {
    expect(passwordSchema.safeParse(password).success).toBe(ok);
  });
});

describe('loyalty tiers', () => {
  it.each([
    [0, 'BLUE'],
    [2_499, 'BLUE'],
    [2_500, 'SILVER'],
    [10_000, 'GOLD'],
    [99_999, 'PLATINUM'],
  ])('%p lifetime points is %p', (points, tier) => {
    expect(loyaltyTier(points)).toBe(tier);
  });
});
