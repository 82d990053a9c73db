import { describe, expect, it } from 'vitest';
import { describeRunDuration } from '../../../shared/foresight';

describe('describeRunDuration', () => {
  it('says seconds under a minute, minutes under an hour, then hours and minutes', () => {
    expect([20_400, 59_400, 60_000, 45 * 60_000, 59 * 60_000 + 29_000, 3_600_000, 11_500_000, 26 * 3_600_000].map(describeRunDuration)).toEqual([
      '20 s', '59 s', '1 min', '45 min', '59 min', '1 h 0 min', '3 h 12 min', '26 h 0 min',
    ]);
  });
});
