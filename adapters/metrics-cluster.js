// @ts-check
/**
 * /metrics summed over every worker of a node:cluster server (WEB_CONCURRENCY). A scrape reaches
 * one worker through the shared port; that worker asks the primary over IPC, the primary collects
 * every worker's registry with prom-client's AggregatorRegistry (which asks each worker in turn, the
 * asking one included) and sends the sum back. Histograms and counters are summed; prom-client's
 * own defaults say how theirs combine (start time: the earliest, versions: the first, ...).
 *
 *   primary:  answerMetricsRequests(cluster);
 *   worker:   createRuntime(config, { metricsText: clusterMetricsText() })   (serve.js does this)
 */
import { AggregatorRegistry } from 'prom-client';

const REQUEST = 'filamenta:metrics-request';
const REPLY = 'filamenta:metrics-reply';
/** A worker's scrape fails (503) when the primary has not answered within this long (its own wait for the workers is 5 s). */
const REPLY_TIMEOUT_MS = 7000;

/**
 * @typedef {{ type: typeof REQUEST, id: number }} MetricsRequest
 * @typedef {{ type: typeof REPLY, id: number, text?: string, error?: string }} MetricsReply
 */

/**
 * Primary side: answers each worker's request with every worker's metrics summed. Returns a
 * function that stops answering.
 * @param {import('node:cluster').Cluster} cluster
 * @returns {() => void}
 */
export function answerMetricsRequests(cluster) {
  const aggregator = new AggregatorRegistry();
  /**
   * @param {import('node:cluster').Worker} worker
   * @param {Partial<MetricsRequest> | null} message
   */
  const onMessage = (worker, message) => {
    if (message?.type !== REQUEST) return;
    /** @param {Omit<MetricsReply, 'type' | 'id'>} reply */
    const send = (reply) => {
      if (worker.isConnected()) worker.send({ type: REPLY, id: message.id, ...reply });
    };
    aggregator.clusterMetrics().then(
      (text) => send({ text }),
      (/** @type {Error} */ error) => send({ error: error.message }),
    );
  };
  cluster.on('message', onMessage);
  return () => cluster.off('message', onMessage);
}

/**
 * Worker side: the metrics text source of the app's /metrics (`createRuntime`'s `metricsText`).
 * From the moment the app's metrics are built, their registry is the one this worker reports when
 * the primary collects (for any worker's scrape, not only its own).
 * @param {{ timeoutMs?: number }} [options]
 * @returns {(registry: import('prom-client').Registry) => () => Promise<string>}
 */
export function clusterMetricsText({ timeoutMs = REPLY_TIMEOUT_MS } = {}) {
  // Constructing one installs prom-client's worker-side listener, which answers the primary's collection.
  new AggregatorRegistry();
  let lastId = 0;
  /** @type {Map<number, { resolve: (text: string) => void, reject: (error: Error) => void }>} */
  const pending = new Map();
  process.on('message', (/** @type {Partial<MetricsReply> | null} */ message) => {
    if (message?.type !== REPLY || message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.text !== undefined) waiter?.resolve(message.text);
    else waiter?.reject(new Error(`the primary could not collect the workers' metrics: ${message.error}`));
  });
  return (registry) => {
    AggregatorRegistry.setRegistries([registry]);
    return () => collect();
  };

  /** @returns {Promise<string>} */
  function collect() {
    const send = process.send?.bind(process);
    if (!send) return Promise.reject(new Error('not a cluster worker: no IPC channel to the primary'));
    const id = ++lastId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`the primary did not send the workers' metrics within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (text) => (clearTimeout(timer), resolve(text)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      send(/** @type {MetricsRequest} */ ({ type: REQUEST, id }));
    });
  }
}
