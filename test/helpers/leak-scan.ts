import { afterAll, expect } from 'vitest';
import { publicBodies, secretsSeen } from './http.js';

/**
 * Runs after every test file: no public response body seen by that file may
 * contain an email address, IP or user agent that the file sent in.
 */
afterAll(() => {
  const leaks: string[] = [];
  for (const body of publicBodies) {
    for (const secret of secretsSeen) {
      if (body.includes(secret)) leaks.push(`${secret} in ${body.slice(0, 200)}`);
    }
  }
  expect(leaks, 'public responses leaked private data').toEqual([]);
});
