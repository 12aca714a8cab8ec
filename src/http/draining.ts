/**
 * Whether the server is shutting down. The adapter that drains sets it first, so readiness fails
 * before anything stops: a load balancer or Kubernetes stops sending new work while the requests
 * that already arrived are answered.
 */
export interface Lifecycle {
  readonly draining: boolean;
  beginDrain(): void;
}

export function createLifecycle(): Lifecycle {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    beginDrain() {
      draining = true;
    },
  };
}
