import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import pLimit from 'p-limit';
import { z } from 'zod';

// scrypt with N = 2^15, r = 8: 32 MiB and ~50-100 ms per hash, so a stolen database is slow to guess through.
const PARAMS = { N: 32768, r: 8, p: 1 };
const KEY_BYTES = 32;

/**
 * Hashes run on libuv's thread pool (4 threads), the one that also reads files and scales page images. Two at a time
 * leaves the others free, so a burst of log-ins (right or wrong) queues here instead of in front of every file read.
 */
const hashing = pLimit(2);

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return hashing(
    () => new Promise<Buffer>((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)))),
  );
}

/** `scrypt$N$r$p$salt$key`, all the parameters kept with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A password for the first administrator when none is given: 16 characters people can type. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
}

const COMMON_PASSWORDS = new Set(dictionary['passwords-common']);

/** A password a person chooses: long, not a number, not one of the passwords guessers try first. */
export const NewPassword = z
  .string()
  .max(256, 'mật khẩu dài quá 256 ký tự')
  .refine((p) => [...p].length >= 12, 'mật khẩu cần ít nhất 12 ký tự')
  .refine((p) => !/^[\d\s]*$/.test(p), 'mật khẩu không được chỉ gồm chữ số hoặc dấu cách')
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()) && !COMMON_PASSWORDS.has(p.toLowerCase().replace(/\s+/g, '')), 'mật khẩu này quá phổ biến, hãy chọn mật khẩu khác');
