import { z } from 'zod';

export const emailSchema = z
  .string()
  .trim()
  .max(254, 'Email is too long.')
  .pipe(z.email('Enter a valid email address.'))
  .transform((email) => email.toLowerCase());

/** NIST 800-63B favours length over composition; one letter and one digit keeps the weakest choices out. */
export const passwordSchema = z
  .string()
  .min(8, 'Password must be at least 8 characters.')
  .max(128, 'Password must be at most 128 characters.')
  .regex(/\p{L}/u, 'Password must contain a letter.')
  .regex(/\p{N}/u, 'Password must contain a digit.');

const name = (field: string) =>
  z.string().trim().min(1, `${field} must not be empty.`).max(100, `${field} is too long.`);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{6,18}$/, 'Enter a phone number such as +91 98765 43210.');
const dateOfBirth = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD.')
  .refine(
    (value) => !Number.isNaN(Date.parse(value)) && new Date(value) < new Date() && value >= '1900-01-01',
    'Enter a real date in the past.',
  );

export const registerSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  firstName: name('First name'),
  lastName: name('Last name'),
  phone: phone.nullish(),
  dateOfBirth: dateOfBirth.nullish(),
});

export const profileSchema = z.object({
  firstName: name('First name').nullish(),
  lastName: name('Last name').nullish(),
  phone: phone.nullish(),
  dateOfBirth: dateOfBirth.nullish(),
});

export const preferencesSchema = z.object({
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'Use a language code such as en or hi-IN.')
    .nullish(),
  city: z.string().trim().min(1).max(100).nullish(),
  notifications: z
    .object({
      email: z.boolean().nullish(),
      sms: z.boolean().nullish(),
      push: z.boolean().nullish(),
      whatsapp: z.boolean().nullish(),
      inApp: z.boolean().nullish(),
    })
    .nullish(),
});
