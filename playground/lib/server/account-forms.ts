import { z } from 'zod';

export const emailField = z.string().trim().toLowerCase().pipe(z.email({ error: 'Enter an email address such as ada@example.com.' }));
export const passwordField = z.string().min(8, { error: 'Use at least 8 characters.' }).max(128, { error: 'Use at most 128 characters.' });

export const signInForm = z.object({
  email: emailField,
  password: z.string().min(1, { error: 'Enter your password.' })
});

export const newUserForm = z.object({
  name: z.string().trim().min(1, { error: 'Enter a name.' }).max(100, { error: 'Use at most 100 characters.' }),
  email: emailField,
  password: passwordField
});
