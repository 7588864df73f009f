// The error a promise rejects with; fails the test when it resolves instead. Typed loosely on purpose:
// tests read the fields of library errors (EasyPost's, Shopify's) whose classes they do not import.
export async function failureOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
