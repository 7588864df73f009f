import { expect } from 'chai';
import { parseRetryAfter } from '../../../domain/tracking/easypost.adapter.ts';
import { RateLimiter, Semaphore } from '../../../domain/tracking/rate-limiter.ts';

describe('carrier request caps', () => {
  it('never lets more than the limit run at once, and runs everything queued', async () => {
    const semaphore = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        semaphore.use(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          return i;
        }),
      ),
    );
    expect(peak).to.equal(3);
    expect(results).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
  });

  it('releases a slot when the work fails', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.use(() => Promise.reject(new Error('boom'))).catch(() => {});
    expect(await semaphore.use(async () => 'next')).to.equal('next');
  });

  it('spaces requests to the configured rate after a small burst', async () => {
    const limiter = new RateLimiter(100, 2);
    const started = performance.now();
    for (let i = 0; i < 22; i++) await limiter.take();
    const elapsed = performance.now() - started;
    // 22 takes at 100/s with a burst of 2 wait about 19 intervals of 10 ms (timers may fire a little early).
    expect(elapsed).to.be.within(180, 2000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7')).to.equal(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('Wed, 21 Oct 2026 07:27:30 GMT'))).to.equal(30_000);
    expect(parseRetryAfter(undefined)).to.equal(undefined);
    expect(parseRetryAfter('soon')).to.equal(undefined);
  });
});
