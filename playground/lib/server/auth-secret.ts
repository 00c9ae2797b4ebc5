import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The secret better-auth signs sessions with: BETTER_AUTH_SECRET when set, else one generated on
 * first start and kept beside the database (readable by its owner only), so sessions survive a
 * restart without anyone having to invent a secret.
 */
export function authSecret(envSecret: string | undefined, databasePath: string): string {
  if (envSecret !== undefined && envSecret.trim() !== '') return envSecret;
  const file = path.join(path.dirname(path.resolve(databasePath)), 'auth-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // 'wx': two processes starting at once must not each keep a different secret.
  try {
    fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw error;
  }
}
