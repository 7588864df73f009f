import { expect } from 'chai';

// Awaits a promise that must fail with the given error class; returns the error for more checks.
export async function rejects<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    return error as E;
  }
  return expect.fail(`expected a ${type.name}`);
}
