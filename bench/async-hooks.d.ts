// workerd provides node:async_hooks under nodejs_compat; the project has no @types/node, so the bench
// worker declares the one class it uses.
declare module "node:async_hooks" {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, fn: () => R): R;
    getStore(): T | undefined;
  }
}
